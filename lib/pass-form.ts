import { formFields, type FormState } from "./form-state";

// The issue-pass form's fields: the names IssuePassJson (lib/schemas/passes.ts) reads.
export const ISSUE_PASS_FIELDS = [
  "billNumber",
  "driverName",
  "driverPhone",
  "coDriverName",
  "coDriverPhone",
  "vehicleNumber",
  "validFrom",
  "validUntil",
  "notes",
] as const;
export type IssuePassField = (typeof ISSUE_PASS_FIELDS)[number];

/** The issue form's answer: FormState, the refusal's code and what was typed, so a refused form keeps its values. */
export interface IssuePassFormState extends FormState {
  code?: string;
  values?: Partial<Record<IssuePassField, string>>;
}

/** The revoke form's answer. */
export interface RevokePassFormState extends FormState {
  code?: string;
  reason?: string;
}

// Enough to show any acceptable value again; a 10 kB paste is not sent back whole.
const ECHO_MAX = 600;

/** What a refused issue form carries back (defineAction's `echo`): the typed values, each cut short. */
export function echoIssuePassForm(formData: FormData): { values: Partial<Record<IssuePassField, string>> } {
  const values = formFields(formData, ISSUE_PASS_FIELDS);
  return { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.slice(0, ECHO_MAX)])) };
}

/** The pass code a pass_exists refusal names ("… already has an active gate pass, GP-20261201-0001 …"). */
export function passCodeIn(message: string | undefined): string | null {
  return /\bGP-[0-9]{8}-[0-9]{4,}\b/.exec(message ?? "")?.[0] ?? null;
}

/** Whether `raw` could name a pass at all (GP-YYYYMMDD-NNNN, any case): anything else is not found without a lookup. */
export function mayBePassCode(raw: string): boolean {
  return /^GP-[0-9]{8}-[0-9]{4,}$/i.test(raw.trim());
}
