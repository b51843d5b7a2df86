"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { changePassword } from "@/app/(app)/profile/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { SubmitButton } from "./submit-button";

export function ChangePasswordForm({ next }: { next?: string }) {
  const t = useTranslations("profile.password");
  const ta = useTranslations("auth.fields");
  const [state, action, pending] = useActionState(changePassword, NO_ANSWER);
  const errors = errorsOf(state);
  return (
    <form action={action} className="flex max-w-sm flex-col gap-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <Field label={t("current")} name="current" type="password" autoComplete="current-password" required maxLength={128} errors={errors.current} />
      <Field label={ta("newPassword")} name="password" type="password" autoComplete="new-password" required maxLength={128} hint={t("hint")} errors={errors.password} />
      <Field label={ta("newPasswordAgain")} name="confirm" type="password" autoComplete="new-password" required maxLength={128} errors={errors.confirm} />
      <FormMessage state={state} />
      <SubmitButton pending={pending} label={t("submit")} pendingLabel={t("pending")} />
    </form>
  );
}
