"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { resetTwoFactorAction } from "@/app/(admin)/admin/users/[id]/actions";
import { errorsOf, FormMessage, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";

/** "Reset two-factor" on a user's page: the admin confirms with their own current code. */
export function ResetTwoFactorForm({ userId, username }: { userId: string; username: string }) {
  const t = useTranslations("users.profile.twoFactor");
  const [state, action, pending] = useActionState(resetTwoFactorAction.bind(null, userId), NO_ANSWER);
  // A fresh field after every answer: a used code is worthless, a refused one is retyped.
  const key = JSON.stringify([state.ok, state.message]);
  return (
    <form key={key} action={action} className="flex max-w-md flex-col gap-3" data-testid="reset-2fa-form" noValidate>
      <p className="text-sm text-slate-700">{t("intro", { username })}</p>
      <Field
        id="reset-2fa-code"
        label={t("code")}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        required
        errors={errorsOf(state).code}
      />
      <FormMessage state={state} />
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 self-start rounded-md border border-red-700 px-4 py-2 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60"
      >
        {pending ? t("pending") : t("submit")}
      </button>
    </form>
  );
}
