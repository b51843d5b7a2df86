"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { disableTwoFactor } from "@/app/(app)/profile/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";

export function DisableTwoFactorForm({ adminWarning }: { adminWarning: boolean }) {
  const t = useTranslations("profile.tfa");
  const [state, action, pending] = useActionState(disableTwoFactor, NO_ANSWER);
  return (
    <form action={action} className="flex max-w-sm flex-col gap-3" noValidate>
      {adminWarning && <p className="text-sm text-amber-800">{t("adminWarning")}</p>}
      <Field id="disable-2fa-password" label={t("yourPassword")} name="password" type="password" autoComplete="current-password" required maxLength={128} errors={errorsOf(state).password} />
      <FormMessage state={state} />
      <button type="submit" disabled={pending} className="self-start rounded-md border border-red-700 px-4 py-2 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60">
        {pending ? t("turningOff") : t("turnOff")}
      </button>
    </form>
  );
}
