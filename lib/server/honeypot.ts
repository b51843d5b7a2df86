import "server-only";

/**
 * Name of a text input hidden from people (off-screen, aria-hidden, tabIndex -1,
 * autoComplete "off") on public forms. Bots that fill every field fill it; people never do.
 */
export const HONEYPOT_FIELD = "website";

/** True when the hidden field came back with anything in it: treat the submission as a bot's. */
export function isHoneypotFilled(form: FormData | Record<string, unknown>): boolean {
  const value = form instanceof FormData ? form.get(HONEYPOT_FIELD) : form[HONEYPOT_FIELD];
  if (value === null || value === undefined) return false;
  return typeof value === "string" ? value.trim() !== "" : true;
}
