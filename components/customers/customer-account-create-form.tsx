"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { createCustomerAccountAction } from "@/app/(admin)/admin/customers/actions";
import { errorsOf, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import type { CustomerAccountEcho } from "@/lib/dto/customers";
import { CustomerPicker } from "./customer-picker";
import { FormFooter } from "@/components/ui/form-footer";

const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & CustomerAccountEcho;

/**
 * A new customer account: its e-mail (its sign-in name), a name, and the customers it sees or
 * all. The temporary password is mailed (masked in the outbox) and shown here once.
 */
export function CustomerAccountCreateForm() {
  const t = useTranslations("customers.accountForm");
  const [state, action, pending] = useActionState(createCustomerAccountAction, INITIAL);
  const errors = errorsOf(state);
  const typed: CustomerAccountEcho["values"] = !state.ok && "values" in state ? state.values : {};
  // The form resets after every answer: a refusal remounts the picker and box with what was typed.
  const echoKey = state.ok ? `ok-${state.id}` : JSON.stringify(typed);
  return (
    <form action={action} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" noValidate>
      <Field
        label={t("email")}
        name="email"
        type="email"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={254}
        defaultValue={typed.email ?? ""}
        hint={t("emailHint")}
        errors={errors.email}
      />
      <Field label={t("name")} name="name" autoComplete="off" maxLength={120} defaultValue={typed.name ?? ""} errors={errors.name} />
      <AccountScopeFields key={echoKey} customers={typed.customers ?? []} allCustomers={typed.allCustomers ?? false} errors={errors.customers} />
      <FormFooter state={state} pending={pending} label={t("create")} pendingLabel={t("creating")}>
        {state.ok && (
          <p className="mt-2 text-sm">
            {t("temporaryPassword", { email: state.email })}{" "}
            <code data-testid="new-customer-password" className="rounded bg-slate-100 px-1 font-mono text-base select-all">
              {state.temporaryPassword}
            </code>
          </p>
        )}
      </FormFooter>
    </form>
  );
}

/** "All customers", or the picker of named ones (disabled while "All customers" is ticked). */
export function AccountScopeFields({ customers, allCustomers, errors }: { customers: string[]; allCustomers: boolean; errors?: string[] }) {
  const t = useTranslations("customers.accountForm");
  const [all, setAll] = useState(allCustomers);
  return (
    <div className="flex flex-col gap-3 sm:col-span-2">
      <label className="flex min-h-11 items-center gap-2 font-semibold">
        <input type="checkbox" name="allCustomers" checked={all} onChange={(e) => setAll(e.target.checked)} className="h-5 w-5" />
        {t("allCustomers")}
      </label>
      <CustomerPicker defaultSelected={customers} disabled={all} errors={errors} />
    </div>
  );
}
