"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState } from "react";
import { createBillAction } from "@/app/(app)/bills/new/actions";
import { Field } from "@/components/ui/field";
import type { BillFormState } from "@/lib/bill-form";
import { BILL_NUMBER_MAX } from "@/lib/schemas/bills";
import { BillDetailFields, FormMessage } from "./bill-detail-fields";

const INITIAL: BillFormState = { ok: false };

/** Creates a bill; the server checks every field and answers under each one. */
export function NewBillForm() {
  const [state, action, pending] = useActionState<BillFormState, FormData>(createBillAction, INITIAL);
  const t = useTranslations("bills.form");
  const tc = useTranslations("common");
  return (
    <form action={action} noValidate className="grid gap-4">
      <Field
        label={t("billNumber")}
        name="billNumber"
        autoFocus
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        defaultValue={state.values?.billNumber ?? ""}
        hint={t("billNumberHint", { max: BILL_NUMBER_MAX })}
        errors={state.fields?.billNumber}
      />
      <BillDetailFields state={state} />
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900 disabled:opacity-60">
          {pending ? t("creating") : t("create")}
        </button>
        <Link href="/bills" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-5 font-semibold hover:bg-slate-50">
          {tc("actions.cancel")}
        </Link>
      </div>
    </form>
  );
}
