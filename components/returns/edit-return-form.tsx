"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { updateTicketAction } from "@/app/(app)/returns/[code]/actions";
import type { ReturnFormState } from "@/lib/returns";
import { FormMessage, ReturnFormFields } from "./return-form-fields";

const INITIAL: ReturnFormState = { ok: false };

/** Edit an open ticket's C&F location and notes (collapsed, so scanning keeps the screen). */
export function EditReturnForm({ code, area, notes }: { code: string; area: string; notes: string }) {
  const t = useTranslations("returns.form");
  const [state, action, pending] = useActionState<ReturnFormState, FormData>(updateTicketAction.bind(null, code), INITIAL);
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4" open={Boolean(state.fields || (!state.ok && state.message))}>
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-lg font-semibold text-brand-700">{t("editSummary")}</summary>
      <form action={action} noValidate aria-label={t("editAriaLabel")} className="mt-3 grid max-w-xl gap-3">
        <ReturnFormFields area={state.values?.area ?? area} notes={state.values?.notes ?? notes} fields={state.fields} />
        <FormMessage message={state.message} ok={state.ok} />
        <div>
          <button type="submit" disabled={pending} className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900 disabled:opacity-60">
            {pending ? t("saving") : t("save")}
          </button>
        </div>
      </form>
    </details>
  );
}
