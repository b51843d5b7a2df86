"use client";

import { useActionState } from "react";
import { updateCustomerAccountAction } from "@/app/(admin)/admin/customers/actions";
import { errorsOf, FormMessage, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import type { CustomerAccountEcho } from "@/lib/dto/customers";
import { AccountScopeFields } from "./customer-account-create-form";

const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & CustomerAccountEcho;

/** An account's name and the customers it sees (its e-mail, its sign-in name, stays). */
export function CustomerAccountEditForm({ accountId, name, customers, allCustomers }: { accountId: string; name: string | null; customers: string[]; allCustomers: boolean }) {
  const [state, action, pending] = useActionState(updateCustomerAccountAction.bind(null, accountId), INITIAL);
  const errors = errorsOf(state);
  const typed: CustomerAccountEcho["values"] | null = !state.ok && "values" in state && state.code ? state.values : null;
  const shown = typed ?? { name: name ?? "", customers, allCustomers };
  // After every answer the form resets to what was saved (or, refused, to what was typed).
  const key = JSON.stringify([state.ok, state.message, shown]);
  return (
    <form key={key} action={action} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" noValidate>
      <Field label="Name" name="name" autoComplete="off" maxLength={120} defaultValue={shown.name ?? ""} errors={errors.name} />
      <AccountScopeFields customers={shown.customers ?? []} allCustomers={shown.allCustomers ?? false} errors={errors.customers} />
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60 sm:col-span-2 sm:justify-self-start"
      >
        {pending ? "Saving…" : "Save account"}
      </button>
    </form>
  );
}
