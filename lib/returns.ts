import { formFields, type FormState } from "./form-state";

// Return tickets (IPT) as pages and forms need them: links and the forms' fields (the words are
// in messages/<locale>/returns.json and common.json's returnStatuses).

/** /returns/RTN-20261201-0001 */
export function returnHref(code: string): string {
  return `/returns/${encodeURIComponent(code)}`;
}

/** The fields of the new-ticket and edit forms: the names CreateReturnJson / UpdateReturnJson read. */
export const RETURN_FORM_FIELDS = ["area", "notes"] as const;
export type ReturnFormField = (typeof RETURN_FORM_FIELDS)[number];

/** A ticket form's answer: FormState, the refusal's code and what was typed. */
export interface ReturnFormState extends FormState {
  code?: string;
  values?: Partial<Record<ReturnFormField, string>>;
}

const ECHO_MAX = 600;

/** What a refused ticket form carries back: the typed values, each cut short. */
export function echoReturnForm(formData: FormData): { values: Partial<Record<ReturnFormField, string>> } {
  const values = formFields(formData, RETURN_FORM_FIELDS);
  return { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.slice(0, ECHO_MAX)])) };
}
