import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bags, billBags, bills } from "@/db/schema";
import { can } from "@/lib/permissions";
import { CreateBillInput, UpdateBillInput } from "@/lib/schemas/bills";
import { writeAudit } from "../audit";
import { ConflictError, ForbiddenError } from "../errors";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import {
  assertMayManageBills,
  assertNotCompleted,
  inBillTransaction,
  lockBill,
  lookupBillNumber,
  readBillDetail,
} from "./shared";
import type { BillActor, BillDto, BillRequestMeta, DeleteBillResult } from "./types";

// One function per bill operation, shared by the bill pages' server actions and the JSON routes.
export type * from "./types";
export { addParentToBill, removeParentFromBill } from "./parents";
export { completeBill, reopenBill } from "./state";

async function readBill(tx: Tx, id: number): Promise<BillDto> {
  const detail = await readBillDetail(tx, { id });
  if (!detail) throw new Error(`bill ${id} vanished inside its own transaction`);
  return detail.bill;
}

/** Creates an empty bill (status new); 409 duplicate_bill when the number exists in any case. */
export async function createBill(db: Db, actor: BillActor, rawInput: unknown, meta: BillRequestMeta): Promise<BillDto> {
  assertMayManageBills(actor);
  const input = parseInput(CreateBillInput, rawInput);
  const created = await inBillTransaction(db, async (tx) => {
    // A concurrent create of the same number waits here for the winner's commit, then inserts nothing.
    const [row] = await tx
      .insert(bills)
      .values({
        billNumber: input.billNumber,
        capacity: input.capacity,
        description: input.description ?? null,
        customer: input.customer ?? null,
        vehicleNumber: input.vehicleNumber ?? null,
        createdBy: actor.id,
      })
      .onConflictDoNothing()
      .returning({ id: bills.id });
    if (!row) {
      throw new ConflictError("duplicate_bill", `Bill ${input.billNumber} already exists (bill numbers ignore case).`);
    }
    const bill = await readBill(tx, row.id);
    await writeAudit(tx, {
      action: "bill_created",
      userId: actor.id,
      actor: actor.username,
      entityType: "bill",
      entityId: row.id,
      after: {
        billNumber: bill.billNumber,
        capacity: bill.capacity,
        status: bill.status,
        description: bill.description,
        customer: bill.customer,
        vehicleNumber: bill.vehicleNumber,
      },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return bill;
  });
  await bumpStats(new StatsChange().billStatus(null, created.status));
  return created;
}

const EDITABLE = ["capacity", "description", "customer", "vehicleNumber"] as const;

/**
 * Edits capacity and the optional details. Capacity never drops below the parents already on
 * the bill (409 below_linked); a completed bill must be reopened first (409 bill_completed).
 */
export async function updateBill(
  db: Db,
  actor: BillActor,
  rawBillNumber: string,
  rawInput: unknown,
  meta: BillRequestMeta,
): Promise<BillDto> {
  assertMayManageBills(actor);
  const billNumber = lookupBillNumber(rawBillNumber);
  const input = parseInput(UpdateBillInput, rawInput);
  return inBillTransaction(db, async (tx) => {
    const bill = await lockBill(tx, { billNumber });
    assertNotCompleted(bill, "change it");
    if (input.capacity !== undefined && input.capacity < bill.linkedCount) {
      throw new ConflictError(
        "below_linked",
        `Bill ${bill.billNumber} already has ${bill.linkedCount} parent bags; capacity cannot be less than that. Remove bags first.`,
      );
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const key of EDITABLE) {
      const next = input[key];
      if (next !== undefined && next !== bill[key]) {
        before[key] = bill[key];
        after[key] = next;
      }
    }
    if (Object.keys(after).length > 0) {
      await tx
        .update(bills)
        .set({ ...after, updatedAt: sql`now()` })
        .where(eq(bills.id, bill.id));
      await writeAudit(tx, {
        action: "bill_updated",
        userId: actor.id,
        actor: actor.username,
        entityType: "bill",
        entityId: bill.id,
        before,
        after,
        details: { billNumber: bill.billNumber },
        ip: meta.ip,
        requestId: meta.requestId,
      });
    }
    return readBill(tx, bill.id);
  });
}

/** Deletes a bill (admins only); its bill_bags rows go with it, so its parents can be billed again. */
export async function deleteBill(
  db: Db,
  actor: BillActor,
  rawBillNumber: string,
  meta: BillRequestMeta,
): Promise<DeleteBillResult> {
  if (!can(actor.role, "bills:delete")) throw new ForbiddenError("Only admins can delete bills.");
  const billNumber = lookupBillNumber(rawBillNumber);
  const change = new StatsChange();
  const deleted = await inBillTransaction(db, async (tx) => {
    const bill = await lockBill(tx, { billNumber });
    change.billStatus(bill.status, null);
    const parents = await tx
      .select({ qr: bags.qr })
      .from(billBags)
      .innerJoin(bags, eq(bags.id, billBags.bagId))
      .where(eq(billBags.billId, bill.id))
      .orderBy(asc(billBags.createdAt), asc(billBags.id));
    await tx.delete(bills).where(eq(bills.id, bill.id));
    await writeAudit(tx, {
      action: "bill_deleted",
      userId: actor.id,
      actor: actor.username,
      entityType: "bill",
      entityId: bill.id,
      before: { ...bill, parents: parents.map((p) => p.qr) },
      critical: true,
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return { billNumber: bill.billNumber, releasedParents: parents.length };
  });
  await bumpStats(change);
  return deleted;
}
