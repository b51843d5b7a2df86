"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { updateBillAction } from "@/app/(app)/bills/[billNumber]/actions";
import type { BillFormField, BillFormState } from "@/lib/bill-form";
import { BillDetailFields, FormMessage } from "./bill-detail-fields";

const INITIAL: BillFormState = { ok: false };

interface EditBillFormProps {
  billNumber: string;
  defaults: Partial<Record<BillFormField, string>>;
  linkedCount: number;
  locked: boolean;
}

/** Capacity (never below the parents on the bill) and the details; a completed bill must be reopened first. */
export function EditBillForm({ billNumber, defaults, linkedCount, locked }: EditBillFormProps) {
  const [state, action, pending] = useActionState<BillFormState, FormData>(updateBillAction.bind(null, billNumber), INITIAL);
  const t = useTranslations("bills.form");
  if (locked) {
    return <p className="text-slate-700">{t("locked")}</p>;
  }
  // The action answers in English (as the API would); the page says it in the reader's language.
  const shown: BillFormState = state.ok ? { ...state, message: t("saved", { billNumber }) } : state;
  return (
    <form action={action} noValidate className="grid gap-4 sm:grid-cols-2">
      <BillDetailFields state={state.ok ? { ok: true } : state} defaults={defaults} minCapacity={Math.max(1, linkedCount)} />
      <div className="sm:col-span-2">
        <FormMessage state={shown} />
      </div>
      <div className="sm:col-span-2">
        <button type="submit" disabled={pending} className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900 disabled:opacity-60">
          {pending ? t("saving") : t("saveChanges")}
        </button>
      </div>
    </form>
  );
}
