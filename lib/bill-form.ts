import type { FormState } from "./form-state";

export const BILL_FORM_FIELDS = ["billNumber", "capacity", "customer", "vehicleNumber", "description"] as const;
export type BillFormField = (typeof BILL_FORM_FIELDS)[number];

/** A bill form's answer: FormState plus what was typed, so a refused form keeps its values. */
export interface BillFormState extends FormState {
  values?: Partial<Record<BillFormField, string>>;
}

// Enough to show any acceptable value again; a 10 kB paste is not sent back whole.
const ECHO_MAX = 600;

/** The named text fields of a form (files and missing fields are left out). */
export function readBillForm(formData: FormData, fields: readonly BillFormField[]): Partial<Record<BillFormField, string>> {
  const out: Partial<Record<BillFormField, string>> = {};
  for (const f of fields) {
    const v = formData.get(f);
    if (typeof v === "string") out[f] = v;
  }
  return out;
}

export function echoValues(values: Partial<Record<BillFormField, string>>): Partial<Record<BillFormField, string>> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.slice(0, ECHO_MAX)]));
}
