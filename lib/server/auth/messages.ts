import "server-only";

/** The friendly form of a 429 for forms: how long to wait, in words. */
export function tooManyAttempts(retryAfterS: number, what = "attempts"): string {
  const wait = retryAfterS < 90 ? `${retryAfterS} second${retryAfterS === 1 ? "" : "s"}` : `${Math.ceil(retryAfterS / 60)} minutes`;
  return `Too many ${what}. Please wait ${wait} and try again.`;
}

export const CHECK_FIELDS = "Please correct the fields marked below.";

/** zod issues → FormState fields, keyed by the first path segment. */
export function fieldsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) (fields[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return fields;
}
