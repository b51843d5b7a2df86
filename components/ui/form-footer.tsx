import type { ReactNode } from "react";
import type { FormState } from "@/lib/form-state";
import { FormMessage } from "@/components/auth/form-message";

/**
 * The foot of a two-column admin form: the answer read out (plus what the form shows once beneath
 * it, e.g. a temporary password), then the submit button, which says what is happening meanwhile.
 */
export function FormFooter({ state, pending, label, pendingLabel, children }: { state: FormState; pending: boolean; label: string; pendingLabel: string; children?: ReactNode }) {
  return (
    <>
      <div className="sm:col-span-2">
        <FormMessage state={state} />
        {children}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60 sm:col-span-2 sm:justify-self-start"
      >
        {pending ? pendingLabel : label}
      </button>
    </>
  );
}
