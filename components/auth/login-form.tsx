"use client";

import Link from "next/link";
import { useActionState } from "react";
import { login, type LoginState } from "@/app/(auth)/login/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "./form-message";
import { HoneypotField } from "./honeypot-field";
import { SubmitButton } from "./submit-button";

const INITIAL: LoginState = { ok: false };

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState(login, INITIAL);
  return (
    <form action={action} className="relative flex flex-col gap-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <HoneypotField />
      <Field label="Username" name="username" defaultValue={state.username} autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus errors={state.fields?.username} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={state.fields?.password} />
      <FormMessage state={state} showSuccess={false} />
      <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
      <Link href="/forgot-password" className="text-center text-sm font-medium text-brand-700 underline">
        Forgot your password?
      </Link>
    </form>
  );
}
