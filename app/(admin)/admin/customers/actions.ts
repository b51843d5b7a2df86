"use server";

import { revalidatePath } from "next/cache";
import type { CustomerAccountEcho, CustomerAccountNotice, NewCustomerAccount } from "@/lib/dto/customers";
import { formatCount } from "@/lib/format";
import { defineAction } from "@/lib/server/action";
import { readerTranslator, type TranslatorOf } from "@/lib/server/admin/i18n";
import type { Access } from "@/lib/server/context";
import {
  createCustomerAccount,
  deactivateCustomerAccount,
  endCustomerSession,
  reactivateCustomerAccount,
  resetCustomerAccountPassword,
  updateCustomerAccount,
} from "@/lib/server/customers/admin-accounts";

// Customer accounts are admin-only (customers:manage); each operation counts against the admin's "default" budget.
const MANAGE_CUSTOMERS: Access = { permission: "customers:manage", limit: "default" };

// Enough for any acceptable value; a pasted page is not sent back whole.
const ECHO_MAX = 254;
const ECHO_CUSTOMERS_MAX = 200;

/**
 * The account form's fields: e-mail, name, the checked customers (one `customers` value each,
 * repeated names in any case once) and the "All customers" box. Anything but FormData is empty.
 */
function accountFields(form: unknown) {
  if (!(form instanceof FormData)) return {};
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const seen = new Set<string>();
  const customers = form
    .getAll("customers")
    .filter((v): v is string => typeof v === "string")
    .filter((name) => {
      const key = name.trim().toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return { email: text("email"), name: text("name"), customers, allCustomers: form.get("allCustomers") === "on" };
}

function echoAccount(form: unknown): CustomerAccountEcho {
  const fields = accountFields(form);
  return {
    values: {
      email: fields.email?.slice(0, ECHO_MAX),
      name: fields.name?.slice(0, ECHO_MAX),
      customers: fields.customers?.slice(0, ECHO_CUSTOMERS_MAX).map((c) => c.slice(0, ECHO_MAX)),
      allCustomers: fields.allCustomers,
    },
  };
}

/** "A mail with it went to …" or "… hand the password over yourself", in the reader's language. */
function mailNote(t: TranslatorOf<"customers.notices">, email: string, mailed: boolean | undefined): string {
  return mailed ? t("mailSent", { email }) : t("mailFailed", { email });
}

function revalidateAccount(accountId?: unknown) {
  revalidatePath("/admin/customers");
  if (typeof accountId === "string") revalidatePath(`/admin/customers/${encodeURIComponent(accountId)}`);
}

export const createCustomerAccountAction = defineAction(
  MANAGE_CUSTOMERS,
  async (ctx, _prev: unknown, form: unknown): Promise<NewCustomerAccount> => {
    const { id, email, temporaryPassword, mailed } = await createCustomerAccount(ctx, accountFields(form));
    revalidateAccount();
    const { t } = await readerTranslator("customers.notices");
    return { id, email, temporaryPassword, message: t("accountCreated", { email, mail: mailNote(t, email, mailed) }) };
  },
  { form: { fieldOfCode: { duplicate_account: "email" } }, echo: (_prev, form) => echoAccount(form) },
);

export const updateCustomerAccountAction = defineAction(
  MANAGE_CUSTOMERS,
  async (ctx, accountId: unknown, _prev: unknown, form: unknown): Promise<CustomerAccountNotice> => {
    const { name, customers, allCustomers } = accountFields(form);
    const { email } = await updateCustomerAccount(ctx, { accountId, name, customers, allCustomers });
    revalidateAccount(accountId);
    const { t } = await readerTranslator("customers.notices");
    return { message: t("saved", { email }) };
  },
  { form: {}, echo: (_accountId, _prev, form) => echoAccount(form) },
);

export const deactivateCustomerAccountAction = defineAction(MANAGE_CUSTOMERS, async (ctx, accountId: unknown): Promise<CustomerAccountNotice> => {
  const { email, sessionsEnded = 0 } = await deactivateCustomerAccount(ctx, { accountId });
  revalidateAccount(accountId);
  const { locale, t } = await readerTranslator("customers.notices");
  return { message: t("deactivated", { email, count: sessionsEnded, n: formatCount(sessionsEnded, locale) }) };
});

export const reactivateCustomerAccountAction = defineAction(MANAGE_CUSTOMERS, async (ctx, accountId: unknown): Promise<CustomerAccountNotice> => {
  const { email } = await reactivateCustomerAccount(ctx, { accountId });
  revalidateAccount(accountId);
  const { t } = await readerTranslator("customers.notices");
  return { message: t("reactivated", { email }) };
});

export const resetCustomerAccountPasswordAction = defineAction(MANAGE_CUSTOMERS, async (ctx, accountId: unknown): Promise<CustomerAccountNotice> => {
  const { email, mailed, temporaryPassword } = await resetCustomerAccountPassword(ctx, { accountId });
  revalidateAccount(accountId);
  const { t } = await readerTranslator("customers.notices");
  return { temporaryPassword, message: t("passwordReset", { email, mail: mailNote(t, email, mailed) }) };
});

export const endCustomerSessionAction = defineAction(MANAGE_CUSTOMERS, async (ctx, accountId: unknown, sessionId: unknown): Promise<CustomerAccountNotice> => {
  await endCustomerSession(ctx, { accountId, sessionId });
  revalidateAccount(accountId);
  const { t } = await readerTranslator("customers.notices");
  return { message: t("sessionEnded") };
});
