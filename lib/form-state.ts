/** What a server action hands back to its form. Never contains secrets. */
export interface FormState {
  ok: boolean;
  message?: string;
  fields?: Record<string, string[]>;
}

export const INITIAL_FORM_STATE: FormState = { ok: false };
