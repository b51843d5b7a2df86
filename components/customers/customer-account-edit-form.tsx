"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { updateCustomerAccountAction } from "@/app/(admin)/admin/customers/actions";
import { errorsOf, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import type { CustomerAccountEcho } from "@/lib/dto/customers";
import { AccountScopeFields } from "./customer-account-create-form";
import { FormFooter } from "@/components/ui/form-footer";

const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & CustomerAccountEcho;

/** An account's name and the customers it sees (its e-mail, its sign-in name, stays). */
export function CustomerAccountEditForm({ accountId, name, customers, allCustomers }: { accountId: string; name: string | null; customers: string[]; allCustomers: boolean }) {
  const t = useTranslations("customers.accountForm");
  const [state, action, pending] = useActionState(updateCustomerAccountAction.bind(null, accountId), INITIAL);
  const errors = errorsOf(state);
  const typed: CustomerAccountEcho["values"] | null = !state.ok && "values" in state && state.code ? state.values : null;
  const shown = typed ?? { name: name ?? "", customers, allCustomers };
  // After every answer the form resets to what was saved (or, refused, to what was typed).
  const key = JSON.stringify([state.ok, state.message, shown]);
  return (
    <form key={key} action={action} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" noValidate>
      <Field label={t("name")} name="name" autoComplete="off" maxLength={120} defaultValue={shown.name ?? ""} errors={errors.name} />
      <AccountScopeFields customers={shown.customers ?? []} allCustomers={shown.allCustomers ?? false} errors={errors.customers} />
      <FormFooter state={state} pending={pending} label={t("save")} pendingLabel={t("saving")} />
    </form>
  );
}
