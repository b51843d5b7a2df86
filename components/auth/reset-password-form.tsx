"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { resetWithToken } from "@/app/(auth)/reset-password/[token]/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { SubmitButton } from "./submit-button";

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState(resetWithToken, NO_ANSWER);
  const errors = errorsOf(state);
  if (state.ok) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <Link href="/login" className="block rounded-md bg-brand-700 px-4 py-3 text-center font-semibold text-white hover:bg-brand-900">
          {t("reset.signIn")}
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <Field label={t("fields.newPassword")} name="password" type="password" autoComplete="new-password" required autoFocus maxLength={128} errors={errors.password} />
      <Field label={t("fields.newPasswordAgain")} name="confirm" type="password" autoComplete="new-password" required maxLength={128} errors={errors.confirm} />
      <FormMessage state={state} />
      <SubmitButton pending={pending} label={t("reset.submit")} pendingLabel={t("reset.pending")} />
    </form>
  );
}
