"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createCustomerAction, updateCustomerAction } from "@/app/(admin)/admin/customers/list/actions";
import { errorsOf, FormMessage, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import type { CustomerEcho } from "@/lib/dto/customers";

const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & CustomerEcho;

interface Saved {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
}

/** A customer's name, e-mail and phone: a new one (no `customer`), or an edit of `customer`. */
export function CustomerForm({ customer }: { customer?: Saved }) {
  const t = useTranslations("customers.form");
  const [state, action, pending] = useActionState(customer ? updateCustomerAction.bind(null, customer.id) : createCustomerAction, INITIAL);
  const errors = errorsOf(state);
  const typed: CustomerEcho["values"] | null = !state.ok && "values" in state && state.code ? state.values : null;
  const shown = typed ?? (customer && { name: customer.name, email: customer.email ?? "", phone: customer.phone ?? "" }) ?? {};
  const prefix = customer ? `customer-${customer.id}` : "new-customer";
  return (
    <form key={JSON.stringify([state.ok, state.message, shown])} action={action} noValidate className="grid gap-3 sm:grid-cols-3">
      <Field id={`${prefix}-name`} label={t("name")} name="name" autoComplete="off" maxLength={120} defaultValue={shown.name ?? ""} errors={errors.name} />
      <Field id={`${prefix}-email`} label={t("email")} name="email" type="email" autoComplete="off" maxLength={254} defaultValue={shown.email ?? ""} errors={errors.email} />
      <Field id={`${prefix}-phone`} label={t("phone")} name="phone" type="tel" inputMode="tel" autoComplete="off" maxLength={40} defaultValue={shown.phone ?? ""} errors={errors.phone} />
      <div className="sm:col-span-3">
        <FormMessage state={state} />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60 sm:justify-self-start"
      >
        {pending ? t("saving") : customer ? t("save") : t("create")}
      </button>
    </form>
  );
}
