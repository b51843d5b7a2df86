"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { verifyTwoFactor } from "@/app/(auth)/2fa/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { SubmitButton } from "./submit-button";

export function TwoFactorForm({ next }: { next: string }) {
  const t = useTranslations("auth.twoFactor");
  const [state, action, pending] = useActionState(verifyTwoFactor, NO_ANSWER);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="next" value={next} />
      <Field
        label={t("code")}
        name="code"
        autoComplete="one-time-code"
        inputMode="text"
        autoCapitalize="characters"
        spellCheck={false}
        required
        autoFocus
        maxLength={64}
        hint={t("codeHint")}
        errors={errorsOf(state).code}
      />
      <FormMessage state={state} showSuccess={false} />
      <SubmitButton pending={pending} label={t("verify")} pendingLabel={t("checking")} />
    </form>
  );
}
