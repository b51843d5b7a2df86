"use client";

import { useActionState } from "react";
import { regenerateBackupCodesAction } from "@/app/(app)/profile/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { SubmitButton } from "./submit-button";

/** Password + a current code → ten new backup codes, shown this once; the old ones stop working. */
export function RegenerateBackupCodesForm() {
  const [state, action, pending] = useActionState(regenerateBackupCodesAction, NO_ANSWER);
  const errors = errorsOf(state);
  if (state.ok && "backupCodes" in state) {
    return (
      <section aria-labelledby="new-backup-title" className="space-y-3" data-testid="new-backup-codes">
        <FormMessage state={state} />
        <h3 id="new-backup-title" className="font-semibold">
          Your new backup codes
        </h3>
        <p className="text-sm text-slate-700">Each signs you in once if you lose your phone. Write them down or print them now: they are shown only this once.</p>
        <ol data-testid="backup-codes" className="grid max-w-sm grid-cols-2 gap-2 font-mono text-base">
          {state.backupCodes.map((code) => (
            <li key={code} className="rounded border border-slate-200 bg-slate-50 px-2 py-1 text-center">
              {code}
            </li>
          ))}
        </ol>
      </section>
    );
  }
  return (
    <form action={action} className="flex max-w-sm flex-col gap-3" data-testid="regenerate-backup-codes-form" noValidate>
      <p className="text-sm text-slate-700">Makes ten new codes; every code you have now stops working.</p>
      <Field id="regen-password" label="Account password" name="password" type="password" autoComplete="current-password" required maxLength={128} errors={errors.password} />
      <Field id="regen-code" label="Code from your authenticator app" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required errors={errors.code} />
      <FormMessage state={state} />
      <SubmitButton pending={pending} label="Regenerate backup codes" pendingLabel="Checking…" />
    </form>
  );
}
