"use client";

import { useActionState } from "react";
import { changePassword } from "@/app/(app)/profile/actions";
import { Field } from "@/components/ui/field";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { SubmitButton } from "./submit-button";

export function ChangePasswordForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState(changePassword, NO_ANSWER);
  const errors = errorsOf(state);
  return (
    <form action={action} className="flex max-w-sm flex-col gap-4" noValidate>
      {next && <input type="hidden" name="next" value={next} />}
      <Field label="Current password" name="current" type="password" autoComplete="current-password" required maxLength={128} errors={errors.current} />
      <Field label="New password" name="password" type="password" autoComplete="new-password" required maxLength={128} hint="At least 8 characters; not a common password." errors={errors.password} />
      <Field label="New password again" name="confirm" type="password" autoComplete="new-password" required maxLength={128} errors={errors.confirm} />
      <FormMessage state={state} />
      <SubmitButton pending={pending} label="Change password" pendingLabel="Saving…" />
    </form>
  );
}
