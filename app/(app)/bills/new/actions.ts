"use server";

import { redirect } from "next/navigation";
import { billHref } from "@/components/bills/bill-links";
import { BILL_FORM_FIELDS, echoValues, readBillForm, type BillFormState } from "@/lib/bill-form";
import { toFormFailure } from "@/lib/server/action-failure";
import { requirePermission } from "@/lib/server/auth/guards";
import { createBill } from "@/lib/server/bills/mutations";
import { getDb } from "@/lib/server/db";
import { getRequestContext } from "@/lib/server/request-context";

/** The new-bill form: validated by createBill's schema; on success the bill page opens. */
export async function createBillAction(_prev: BillFormState, formData: FormData): Promise<BillFormState> {
  const values = readBillForm(formData, BILL_FORM_FIELDS);
  let billNumber: string;
  try {
    const user = await requirePermission("bills:manage");
    const ctx = await getRequestContext();
    const bill = await createBill(getDb(), user, values, { ip: ctx.ip, requestId: ctx.requestId });
    billNumber = bill.billNumber;
  } catch (err) {
    return { ...toFormFailure(err, { duplicate_bill: "billNumber" }), values: echoValues(values) };
  }
  redirect(billHref(billNumber));
}
