"use server";

import { redirect } from "next/navigation";
import { BILL_FORM_FIELDS, echoBillForm } from "@/lib/bill-form";
import { formFields } from "@/lib/form-state";
import { billHref } from "@/lib/routes";
import { defineAction } from "@/lib/server/action";
import { createBill } from "@/lib/server/bills/mutations";

/** The new-bill form: checked by createBill's schema; on success the bill page opens. */
export const createBillAction = defineAction(
  { permission: "bills:manage" },
  async (ctx, _prev: unknown, formData: FormData) => {
    const bill = await createBill(ctx, formFields(formData, BILL_FORM_FIELDS));
    redirect(billHref(bill.billNumber));
  },
  { form: { fieldOfCode: { duplicate_bill: "billNumber" } }, lost: "nothing was saved", echo: (_prev, formData) => echoBillForm(formData, BILL_FORM_FIELDS) },
);
