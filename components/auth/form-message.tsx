import type { ActionFailure } from "@/lib/dto/outcome";
import type { FormState } from "@/lib/form-state";

/** A form's state before its first answer: nothing to show. */
export const NO_ANSWER: ActionFailure = { ok: false, code: "", message: "" };

/** The refusal's messages per field (none after a success). */
export function errorsOf(state: FormState): Record<string, string[]> {
  return state.fields ?? {};
}

/** The form's answer, read out as it changes: red for a refusal, green for a success. */
export function FormMessage({ state, showSuccess = true }: { state: FormState; showSuccess?: boolean }) {
  const visible = Boolean(state.message) && (showSuccess || !state.ok);
  return (
    <div aria-live="assertive" role="status" className="min-h-6">
      {visible && (
        <p
          className={`rounded-md border px-3 py-2 text-sm font-medium ${
            state.ok ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-800"
          }`}
        >
          {state.message}
        </p>
      )}
    </div>
  );
}
