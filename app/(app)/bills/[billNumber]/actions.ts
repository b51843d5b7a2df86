"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { BILL_EDIT_FIELDS, echoBillForm } from "@/lib/bill-form";
import { formFields } from "@/lib/form-state";
import { billDeletedHref, billHref } from "@/lib/routes";
import { defineAction } from "@/lib/server/action";
import type { ServiceContext } from "@/lib/server/service";
import { billSnapshot } from "@/lib/server/bills/detail";
import { deleteBill, updateBill } from "@/lib/server/bills/mutations";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { completeBill, reopenBill } from "@/lib/server/bills/state";

// Server actions are public POST endpoints: the guard runs first, then the same verbs (and
// schemas) as the JSON routes. The station's other answers are the bill as it now is.

const MANAGE = { permission: "bills:manage" } as const;

// `key`: the scan's idempotency key (the offline queue's replays); a repeat answers `replayed: true`.
export const addParentAction = defineAction(
  MANAGE,
  (ctx, billNumber: unknown, qr: unknown, key?: unknown) =>
    addParentToBill(ctx, key === undefined || key === null ? { billNumber, qr } : { billNumber, qr, idempotencyKey: key }),
  { lost: "this scan was not saved" },
);

export const removeParentAction = defineAction(MANAGE, async (ctx, billNumber: unknown, qr: unknown) =>
  billSnapshot(ctx.db, (await removeParentFromBill(ctx, { billNumber, qr })).billNumber),
);

/** The page's edit form opens and locks with the status, so it is rendered again. */
async function afterStateChange(ctx: ServiceContext, billNumber: string) {
  revalidatePath(billHref(billNumber));
  return billSnapshot(ctx.db, billNumber);
}

export const completeBillAction = defineAction(MANAGE, async (ctx, billNumber: unknown) =>
  afterStateChange(ctx, (await completeBill(ctx, { billNumber })).billNumber),
);

export const reopenBillAction = defineAction(MANAGE, async (ctx, billNumber: unknown) =>
  afterStateChange(ctx, (await reopenBill(ctx, { billNumber })).billNumber),
);

/** The edit form (bound to the bill number): capacity and the optional details. */
export const updateBillAction = defineAction(
  MANAGE,
  async (ctx, billNumber: unknown, _prev: unknown, formData: FormData) => {
    const bill = await updateBill(ctx, { ...formFields(formData, BILL_EDIT_FIELDS), billNumber });
    revalidatePath(billHref(bill.billNumber));
    return { message: `Bill ${bill.billNumber} saved.` };
  },
  { form: { fieldOfCode: { below_linked: "capacity" } }, lost: "nothing was saved", echo: (_billNumber, _prev, formData) => echoBillForm(formData, BILL_EDIT_FIELDS) },
);

/** Admins only; on success the list opens with a notice, so only a refusal comes back. */
export const deleteBillAction = defineAction({ permission: "bills:delete" }, async (ctx, billNumber: unknown) => {
  const deleted = await deleteBill(ctx, { billNumber });
  revalidatePath("/bills");
  redirect(billDeletedHref(deleted.billNumber));
});
