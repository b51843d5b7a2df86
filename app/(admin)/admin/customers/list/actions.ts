"use server";

import { revalidatePath } from "next/cache";
import type { CustomerEcho } from "@/lib/dto/customers";
import type { Notice } from "@/lib/dto/account";
import { formFields } from "@/lib/form-state";
import { defineAction } from "@/lib/server/action";
import { readerTranslator } from "@/lib/server/admin/i18n";
import type { Access } from "@/lib/server/context";
import { createCustomer, updateCustomer } from "@/lib/server/customers/customers";

const MANAGE_CUSTOMERS: Access = { permission: "customers:manage", limit: "default" };
const FIELDS = ["name", "email", "phone"] as const;
const ECHO_MAX = 254;

function echoCustomer(form: unknown): CustomerEcho {
  return { values: Object.fromEntries(Object.entries(formFields(form, FIELDS)).map(([k, v]) => [k, v.slice(0, ECHO_MAX)])) };
}

export const createCustomerAction = defineAction(
  MANAGE_CUSTOMERS,
  async (ctx, _prev: unknown, form: unknown): Promise<Notice> => {
    const saved = await createCustomer(ctx, formFields(form, FIELDS));
    revalidatePath("/admin/customers/list");
    const { t } = await readerTranslator("customers.notices");
    return { message: t("customerCreated", { name: saved.name, code: saved.code }) };
  },
  { form: { fieldOfCode: { duplicate_customer: "name" } }, echo: (_prev, form) => echoCustomer(form) },
);

export const updateCustomerAction = defineAction(
  MANAGE_CUSTOMERS,
  async (ctx, customerId: unknown, _prev: unknown, form: unknown): Promise<Notice> => {
    const saved = await updateCustomer(ctx, { ...formFields(form, FIELDS), customerId });
    revalidatePath("/admin/customers/list");
    const { t } = await readerTranslator("customers.notices");
    return { message: t("customerSaved", { name: saved.name, code: saved.code }) };
  },
  { form: { fieldOfCode: { duplicate_customer: "name" } }, echo: (_customerId, _prev, form) => echoCustomer(form) },
);
