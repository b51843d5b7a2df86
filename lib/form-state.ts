/** What a server action hands back to its form. Never contains secrets. */
export interface FormState {
  ok: boolean;
  message?: string;
  fields?: Record<string, string[]>;
}

export const INITIAL_FORM_STATE: FormState = { ok: false };

/**
 * A submitted form's text fields (only `names`, when given), as the plain object a verb's schema
 * parses. A server action is a public endpoint: anything but FormData gives nothing, and file
 * fields are left out.
 */
export function formFields<K extends string>(form: unknown, names?: readonly K[]): Partial<Record<K, string>> {
  const fields: Partial<Record<K, string>> = {};
  if (!(form instanceof FormData)) return fields;
  const wanted: readonly string[] | undefined = names;
  for (const [name, value] of form) {
    if (typeof value === "string" && (!wanted || wanted.includes(name))) fields[name as K] = value;
  }
  return fields;
}
