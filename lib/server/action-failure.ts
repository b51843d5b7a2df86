import "server-only";
import type { FormState } from "@/lib/form-state";
import type { ActionFailure } from "@/lib/scan-station";
import { toErrorBody, type ErrorBody } from "./errors";

function failureOf({ error }: ErrorBody, whatWasLost: string): ActionFailure {
  if (error.code === "unauthenticated") {
    return { ok: false, code: "unauthenticated", message: `Your session has ended: ${whatWasLost}. Reload the page and sign in again.` };
  }
  return { ok: false, code: error.code, message: error.message };
}

/**
 * A server action's expected failure as a plain value for the client; anything unexpected is
 * logged by toErrorBody and answered generically, never with its own message.
 */
export function toActionFailure(err: unknown, whatWasLost = "this change was not saved"): ActionFailure {
  return failureOf(toErrorBody(err).body, whatWasLost);
}

const CORRECT_FIELDS = "Please correct the marked fields.";

/**
 * A failed form submission as FormState: field messages under their fields, and a conflict
 * whose code names a field (e.g. duplicate_bill → billNumber) under that field too.
 */
export function toFormFailure(err: unknown, fieldOfCode: Record<string, string> = {}): FormState {
  const { body } = toErrorBody(err);
  if (body.error.fields) return { ok: false, message: CORRECT_FIELDS, fields: body.error.fields };
  const failure = failureOf(body, "nothing was saved");
  const field = fieldOfCode[failure.code];
  if (field) return { ok: false, message: CORRECT_FIELDS, fields: { [field]: [failure.message] } };
  return { ok: false, message: failure.message };
}
