"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { billHref } from "@/components/bills/bill-links";
import { echoValues, readBillForm, type BillFormState } from "@/lib/bill-form";
import { toBillSnapshot, type AddParentOutcome, type BillSnapshotOutcome } from "@/lib/bill-station";
import type { Action } from "@/lib/permissions";
import { MAX_RAW_QR_LENGTH } from "@/lib/qr";
import type { ActionFailure } from "@/lib/scan-station";
import { toActionFailure, toFormFailure } from "@/lib/server/action-failure";
import { requirePermission } from "@/lib/server/auth/guards";
import {
  addParentToBill,
  completeBill,
  deleteBill,
  removeParentFromBill,
  reopenBill,
  updateBill,
  type BillActor,
  type BillRequestMeta,
} from "@/lib/server/bills/mutations";
import { getBill } from "@/lib/server/bills/queries";
import { getDb } from "@/lib/server/db";
import { getRequestContext } from "@/lib/server/request-context";

// Server actions are public POST endpoints: arguments are checked here, authorization and the
// bill rules live in the mutations (the same ones the JSON routes call).

async function actorAndMeta(action: Action): Promise<{ actor: BillActor; meta: BillRequestMeta }> {
  const user = await requirePermission(action);
  const ctx = await getRequestContext();
  return { actor: { id: user.id, username: user.username, role: user.role }, meta: { ip: ctx.ip, requestId: ctx.requestId } };
}

const isText = (value: unknown, max: number): value is string => typeof value === "string" && value.length <= max;
const BAD_ARGUMENT: ActionFailure = { ok: false, code: "invalid_input", message: "That request could not be read. Reload the page and try again." };

/** The bill as it is now, after a change the page must show whole. */
async function snapshotOf(billNumber: string): Promise<BillSnapshotOutcome> {
  const detail = await getBill(getDb(), billNumber);
  if (!detail) return { ok: false, code: "bill_not_found", message: `Bill ${billNumber} no longer exists.` };
  return { ok: true, snapshot: toBillSnapshot(detail) };
}

export async function addParentAction(billNumber: unknown, qr: unknown): Promise<AddParentOutcome> {
  if (!isText(billNumber, 1000) || !isText(qr, MAX_RAW_QR_LENGTH)) return BAD_ARGUMENT;
  try {
    const { actor, meta } = await actorAndMeta("bills:manage");
    const r = await addParentToBill(getDb(), actor, billNumber, qr, meta);
    const added = r.result === "added";
    return {
      ok: true,
      result: r.result,
      counts: {
        status: r.status,
        linkedCount: r.linkedCount,
        capacity: r.capacity,
        childCount: r.childCount,
        actualWeightKg: r.actualWeightKg,
        expectedWeightKg: r.expectedWeightKg,
        varianceKg: r.varianceKg,
      },
      // Who added a parent found already on the bill is not known here; the list keeps its row.
      parent: { ...r.parent, addedAt: new Date().toISOString(), addedBy: added ? actor.username : null },
    };
  } catch (err) {
    return toActionFailure(err, "this scan was not saved");
  }
}

export async function removeParentAction(billNumber: unknown, qr: unknown): Promise<BillSnapshotOutcome> {
  if (!isText(billNumber, 1000) || !isText(qr, MAX_RAW_QR_LENGTH)) return BAD_ARGUMENT;
  try {
    const { actor, meta } = await actorAndMeta("bills:manage");
    const r = await removeParentFromBill(getDb(), actor, billNumber, qr, meta);
    return await snapshotOf(r.billNumber);
  } catch (err) {
    return toActionFailure(err);
  }
}

export async function setBillCompletedAction(billNumber: unknown, completed: unknown): Promise<BillSnapshotOutcome> {
  if (!isText(billNumber, 1000) || typeof completed !== "boolean") return BAD_ARGUMENT;
  try {
    const { actor, meta } = await actorAndMeta("bills:manage");
    const r = await (completed ? completeBill : reopenBill)(getDb(), actor, billNumber, meta);
    // The page's edit form opens and locks with the status.
    revalidatePath(billHref(r.billNumber));
    return await snapshotOf(r.billNumber);
  } catch (err) {
    return toActionFailure(err);
  }
}

/** The edit form (bound to the bill number): capacity and the optional details. */
export async function updateBillAction(billNumber: unknown, _prev: BillFormState, formData: FormData): Promise<BillFormState> {
  const values = readBillForm(formData, ["capacity", "customer", "vehicleNumber", "description"]);
  if (!isText(billNumber, 1000)) return { ok: false, message: BAD_ARGUMENT.message, values: echoValues(values) };
  try {
    const { actor, meta } = await actorAndMeta("bills:manage");
    const bill = await updateBill(getDb(), actor, billNumber, values, meta);
    revalidatePath(billHref(bill.billNumber));
    return { ok: true, message: `Bill ${bill.billNumber} saved.`, values: echoValues(values) };
  } catch (err) {
    return { ...toFormFailure(err, { below_linked: "capacity" }), values: echoValues(values) };
  }
}

/** Admins only; on success the list opens with a notice. */
export async function deleteBillAction(billNumber: unknown): Promise<ActionFailure> {
  if (!isText(billNumber, 1000)) return BAD_ARGUMENT;
  let deleted: string;
  try {
    const { actor, meta } = await actorAndMeta("bills:delete");
    deleted = (await deleteBill(getDb(), actor, billNumber, meta)).billNumber;
  } catch (err) {
    return toActionFailure(err);
  }
  revalidatePath("/bills");
  redirect(`/bills?deleted=${encodeURIComponent(deleted)}`);
}
