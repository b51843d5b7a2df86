"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { requestReset } from "@/app/(auth)/forgot-password/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { HoneypotField } from "./honeypot-field";
import { SubmitButton } from "./submit-button";

export function ForgotPasswordForm() {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState(requestReset, NO_ANSWER);
  return (
    <form action={action} className="relative flex flex-col gap-4" noValidate>
      <HoneypotField />
      <Field
        label={t("fields.emailOrUsername")}
        name="identifier"
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        maxLength={254}
        errors={errorsOf(state).identifier}
      />
      <FormMessage state={state} />
      <SubmitButton pending={pending} label={t("forgot.submit")} pendingLabel={t("forgot.pending")} />
    </form>
  );
}
