import { formFields, type FormState } from "./form-state";

export const BILL_FORM_FIELDS = ["billNumber", "capacity", "customer", "vehicleNumber", "description"] as const;
export type BillFormField = (typeof BILL_FORM_FIELDS)[number];
/** The edit form's fields: a bill's number is its identity and never changes. */
export const BILL_EDIT_FIELDS = ["capacity", "customer", "vehicleNumber", "description"] as const satisfies readonly BillFormField[];

/** A bill form's answer: FormState plus what was typed, so a refused form keeps its values. */
export interface BillFormState extends FormState {
  values?: Partial<Record<BillFormField, string>>;
}

/** A bill number as "not found" sentences quote it (lib/not-found.ts): at most 50 characters, printable ASCII, in quotes. */
export function quotedBillNumber(billNumber: string): string {
  const shown = billNumber.length > 50 ? `${billNumber.slice(0, 50)}…` : billNumber;
  return JSON.stringify(shown.replace(/[^\x20-\x7e]/g, "?"));
}

// Enough to show any acceptable value again; a 10 kB paste is not sent back whole.
const ECHO_MAX = 600;

/** What a refused bill form carries back (defineAction's `echo`): the typed values, each cut short. */
export function echoBillForm(formData: FormData, fields: readonly BillFormField[]): { values: Partial<Record<BillFormField, string>> } {
  const values = formFields(formData, fields);
  return { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.slice(0, ECHO_MAX)])) };
}
