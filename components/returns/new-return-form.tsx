"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createReturnTicketAction } from "@/app/(app)/returns/new/actions";
import type { ReturnFormState } from "@/lib/returns";
import { FormMessage, ReturnFormFields } from "./return-form-fields";

const INITIAL: ReturnFormState = { ok: false };

/** Opens a return ticket; on success its scan page opens (the action redirects). */
export function NewReturnForm({ defaultArea }: { defaultArea: string }) {
  const t = useTranslations("returns.form");
  const [state, action, pending] = useActionState<ReturnFormState, FormData>(createReturnTicketAction, INITIAL);
  return (
    <form action={action} noValidate aria-label={t("newAriaLabel")} className="grid max-w-xl gap-4">
      <ReturnFormFields area={state.values?.area ?? defaultArea} notes={state.values?.notes ?? ""} fields={state.fields} />
      <FormMessage message={state.ok ? undefined : state.message} ok={false} />
      <div>
        <button type="submit" disabled={pending} className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900 disabled:opacity-60">
          {pending ? t("creating") : t("create")}
        </button>
      </div>
    </form>
  );
}
