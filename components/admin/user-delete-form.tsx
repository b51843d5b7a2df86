"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { deleteUserAction } from "@/app/(admin)/admin/users/[id]/edit/actions";
import { errorsOf, FormMessage, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";

/**
 * Deleting a user, confirmed by typing their username: the account is anonymised (its scans and
 * audit rows stay under a pseudonym), then the list opens with a notice.
 */
export function UserDeleteForm({ userId, username }: { userId: string; username: string }) {
  const t = useTranslations("users.edit.deleteForm");
  const [state, action, pending] = useActionState(deleteUserAction.bind(null, userId), NO_ANSWER);
  const [typed, setTyped] = useState("");
  const matches = typed.trim().toLowerCase() === username.toLowerCase();
  const errors = errorsOf(state);
  return (
    <form action={action} className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4" noValidate data-testid="user-delete-form">
      <p className="text-sm text-slate-800">{t("intro")}</p>
      <Field
        label={t("confirm", { username })}
        name="confirm"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        errors={errors.confirm}
      />
      <FormMessage state={state} />
      <button
        type="submit"
        disabled={pending || !matches}
        className="min-h-11 rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60"
      >
        {pending ? t("pending") : t("submit")}
      </button>
    </form>
  );
}
