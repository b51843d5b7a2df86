"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { login } from "@/app/(auth)/login/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { HoneypotField } from "./honeypot-field";
import { SubmitButton } from "./submit-button";

export function LoginForm({ next }: { next?: string }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState(login, NO_ANSWER);
  const errors = errorsOf(state);
  // A refusal echoes what was typed as the username (never the password), so the form keeps it.
  const directoryDown = "code" in state && state.code === "directory_unavailable";
  const typed = "username" in state && typeof state.username === "string" ? state.username : undefined;
  return (
    <form action={action} className="relative flex flex-col gap-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <HoneypotField />
      <Field label={t("fields.usernameOrEmail")} name="username" defaultValue={typed} autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus errors={errors.username} />
      <Field label={t("fields.password")} name="password" type="password" autoComplete="current-password" required errors={errors.password} />
      {directoryDown ? (
        // Not the user's mistake: said apart from wrong-password answers, and local accounts still work.
        <p role="alert" data-testid="directory-unavailable" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900">
          {state.message}
        </p>
      ) : (
        <FormMessage state={state} showSuccess={false} />
      )}
      <SubmitButton pending={pending} label={t("login.submit")} pendingLabel={t("login.pending")} />
      <Link href="/forgot-password" className="text-center text-sm font-medium text-brand-700 underline">
        {t("login.forgot")}
      </Link>
    </form>
  );
}
