"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState, useState } from "react";
import { revokePassAction } from "@/app/(app)/passes/[code]/actions";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import { TextAreaField } from "@/components/ui/textarea-field";
import type { RevokePassFormState } from "@/lib/pass-form";
import { PASS_REASON_MAX } from "@/lib/schemas/passes";

const INITIAL: RevokePassFormState = { ok: false };

/**
 * Revokes an active, unused pass: a reason is required and a dialog asks once more, since the
 * gate refuses the pass from then on and it cannot be undone (a new pass can be issued).
 */
export function RevokePassForm({ code }: { code: string }) {
  const t = useTranslations("passes.revoke");
  const [state, action, pending] = useActionState<RevokePassFormState, FormData>(revokePassAction.bind(null, code), INITIAL);
  const [asking, setAsking] = useState<FormData | null>(null);
  return (
    <details className="rounded-lg border border-red-200 bg-white p-4" open={Boolean(state.fields || (!state.ok && state.message))}>
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-lg font-semibold text-red-800">{t("summary")}</summary>
      <form
        noValidate
        aria-label={t("ariaLabel")}
        className="mt-3 grid max-w-xl gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          // Without a reason there is nothing to confirm: the server's answer says what is missing.
          if (String(data.get("reason") ?? "").trim() === "") startTransition(() => action(data));
          else setAsking(data);
        }}
      >
        <p className="text-sm text-slate-700">{t("explain")}</p>
        <TextAreaField
          label={t("reason")}
          name="reason"
          required
          maxLength={PASS_REASON_MAX}
          defaultValue={state.reason ?? ""}
          errors={state.fields?.reason}
        />
        <div aria-live="polite" role="status" className="min-h-6">
          {state.message && !state.ok && (
            <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">{state.message}</p>
          )}
        </div>
        <div>
          <button type="submit" disabled={pending} className="min-h-11 rounded-md border-2 border-red-700 bg-white px-5 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60">
            {pending ? t("revoking") : t("submit")}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={asking !== null}
        title={t("confirmTitle", { code })}
        confirmLabel={t("confirmYes")}
        pending={pending}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const data = asking;
          setAsking(null);
          if (data) startTransition(() => action(data));
        }}
      >
        <p>{t("confirmBody")}</p>
      </ConfirmDialog>
    </details>
  );
}
