"use client";

import { useActionState } from "react";
import { createAccount } from "@/app/(auth)/register/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { HoneypotField } from "./honeypot-field";
import { SubmitButton } from "./submit-button";

export function RegisterForm() {
  const [state, action, pending] = useActionState(createAccount, NO_ANSWER);
  const errors = errorsOf(state);
  // A refusal echoes the typed username and email (never the passwords), so the form keeps them.
  const username = "username" in state && typeof state.username === "string" ? state.username : undefined;
  const email = "email" in state && typeof state.email === "string" ? state.email : undefined;
  return (
    <form action={action} className="relative flex flex-col gap-4" noValidate data-testid="register-form">
      <HoneypotField />
      <Field
        label="Username"
        name="username"
        defaultValue={username}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        maxLength={64}
        hint="3–64 characters: letters, digits, dot, dash and underscore."
        errors={errors.username}
      />
      <Field
        label="Email"
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
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        hint="At least 8 characters, and not a common password."
        errors={errors.password}
      />
      <Field label="Password again" name="confirm" type="password" autoComplete="new-password" required maxLength={128} errors={errors.confirm} />
      <FormMessage state={state} showSuccess={false} />
      <SubmitButton pending={pending} label="Create account" pendingLabel="Creating account…" />
    </form>
  );
}
