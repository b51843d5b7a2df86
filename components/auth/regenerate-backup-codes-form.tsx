"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { regenerateBackupCodesAction } from "@/app/(app)/profile/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { SubmitButton } from "./submit-button";

/** Password + a current code → ten new backup codes, shown this once; the old ones stop working. */
export function RegenerateBackupCodesForm() {
  const t = useTranslations("profile.backup");
  const [state, action, pending] = useActionState(regenerateBackupCodesAction, NO_ANSWER);
  const errors = errorsOf(state);
  if (state.ok && "backupCodes" in state) {
    return (
      <section aria-labelledby="new-backup-title" className="space-y-3" data-testid="new-backup-codes">
        <FormMessage state={state} />
        <h3 id="new-backup-title" className="font-semibold">
          {t("newTitle")}
        </h3>
        <p className="text-sm text-slate-700">{t("newText")}</p>
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
      <p className="text-sm text-slate-700">{t("intro")}</p>
      <Field id="regen-password" label={t("password")} name="password" type="password" autoComplete="current-password" required maxLength={128} errors={errors.password} />
      <Field id="regen-code" label={t("code")} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required errors={errors.code} />
      <FormMessage state={state} />
      <SubmitButton pending={pending} label={t("submit")} pendingLabel={t("pending")} />
    </form>
  );
}
