"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createAccount } from "@/app/(auth)/register/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { HoneypotField } from "./honeypot-field";
import { SubmitButton } from "./submit-button";

export function RegisterForm() {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState(createAccount, NO_ANSWER);
  const errors = errorsOf(state);
  // A refusal echoes the typed username and email (never the passwords), so the form keeps them.
  const username = "username" in state && typeof state.username === "string" ? state.username : undefined;
  const email = "email" in state && typeof state.email === "string" ? state.email : undefined;
  return (
    <form action={action} className="relative flex flex-col gap-4" noValidate data-testid="register-form">
      <HoneypotField />
      <Field
        label={t("fields.username")}
        name="username"
        defaultValue={username}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        maxLength={64}
        hint={t("register.usernameHint")}
        errors={errors.username}
      />
      <Field
        label={t("fields.email")}
        name="email"
        type="email"
        defaultValue={email}
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={254}
        errors={errors.email}
      />
      <Field
        label={t("fields.password")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        hint={t("register.passwordHint")}
        errors={errors.password}
      />
      <Field label={t("fields.passwordAgain")} name="confirm" type="password" autoComplete="new-password" required maxLength={128} errors={errors.confirm} />
      <FormMessage state={state} showSuccess={false} />
      <SubmitButton pending={pending} label={t("register.submit")} pendingLabel={t("register.pending")} />
    </form>
  );
}
