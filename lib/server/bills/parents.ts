import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bags, billBags, bills } from "@/db/schema";
import { displayQr } from "@/lib/qr";
import { writeAudit } from "../audit";
import { ConflictError, NotFoundError } from "../errors";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import { claimBillScan } from "./dedupe";
import {
  assertMayManageBills,
  assertNotCompleted,
  billNotFound,
  billNumberIs,
  countsOf,
  inBillTransaction,
  lockBill,
  lookupBillNumber,
  parentView,
  requireParentQr,
  weighBill,
  type LockedBill,
} from "./shared";
import type { AddParentResult, BillActor, BillRequestMeta, RemoveParentResult } from "./types";

/** Matches the case-insensitive unique index bags_qr_ci_unique; `qr` is already normalized. */
function bagQrIs(qr: string): SQL {
  return sql`upper(${bags.qr}) = ${qr}`;
}

/**
 * Puts a registered parent bag on a bill. Partial parents are accepted (and reported partial);
 * a parent already on this bill is a no-op "duplicate". Refuses: invalid_qr, wrong_type,
 * bill_not_found, parent_not_found, on_other_bill, bill_completed, bill_full.
 */
export async function addParentToBill(
  db: Db,
  actor: BillActor,
  rawBillNumber: string,
  rawQr: string,
  meta: BillRequestMeta,
): Promise<AddParentResult> {
  assertMayManageBills(actor);
  const billNumber = lookupBillNumber(rawBillNumber);
  const qr = requireParentQr(rawQr);
  const [ref] = await db.select({ id: bills.id }).from(bills).where(billNumberIs(billNumber)).limit(1);
  if (!ref) throw billNotFound(billNumber);
  if (!(await claimBillScan(ref.id, qr))) {
    const absorbed = await readDuplicate(db, ref.id, qr);
    if (absorbed) return absorbed;
    // Not on the bill after all (the first scan was refused, or is still running): decide
    // under the lock like any other scan, so the answer is never a false "duplicate".
  }
  const change = new StatsChange();
  const added = await inBillTransaction(db, (tx) => addUnderLock(tx, actor, { id: ref.id, billNumber }, qr, meta, change));
  await bumpStats(change);
  return added;
}

/** The answer to a scan absorbed within the window, read without a transaction. */
async function readDuplicate(db: Db, billId: number, qr: string): Promise<AddParentResult | null> {
  const [row] = await db
    .select({
      qr: bags.qr,
      childCount: bags.childCount,
      capacity: bags.capacity,
      billNumber: bills.billNumber,
      status: bills.status,
      linkedCount: bills.linkedCount,
      billCapacity: bills.capacity,
    })
    .from(billBags)
    .innerJoin(bags, eq(bags.id, billBags.bagId))
    .innerJoin(bills, eq(bills.id, billBags.billId))
    .where(and(eq(billBags.billId, billId), bagQrIs(qr)))
    .limit(1);
  if (!row) return null;
  const weights = await weighBill(db, billId);
  return {
    result: "duplicate",
    ...countsOf({ ...row, capacity: row.billCapacity }, weights),
    parent: parentView(row),
  };
}

/** The parent bag with the bill it is on, if any. */
async function findParent(tx: Tx, qr: string) {
  const [row] = await tx
    .select({
      id: bags.id,
      qr: bags.qr,
      type: bags.type,
      childCount: bags.childCount,
      capacity: bags.capacity,
      holderId: bills.id,
      holderNumber: bills.billNumber,
    })
    .from(bags)
    .leftJoin(billBags, eq(billBags.bagId, bags.id))
    .leftJoin(bills, eq(bills.id, billBags.billId))
    .where(bagQrIs(qr))
    .limit(1);
  return row;
}
type FoundParent = NonNullable<Awaited<ReturnType<typeof findParent>>>;

function onOtherBill(parent: FoundParent, holderNumber: string): ConflictError {
  return new ConflictError(
    "on_other_bill",
    `Parent ${displayQr(parent.qr)} is already on bill ${holderNumber}. Remove it from that bill first.`,
  );
}

async function addUnderLock(
  tx: Tx,
  actor: BillActor,
  ref: { id: number; billNumber: string },
  qr: string,
  meta: BillRequestMeta,
  change: StatsChange,
): Promise<AddParentResult> {
  const bill = await lockBill(tx, ref);
  const parent = await findParent(tx, qr);
  if (!parent) {
    throw new NotFoundError(
      `Parent ${displayQr(qr)} is not registered yet. Scan it at the packing station first.`,
      "parent_not_found",
    );
  }
  if (parent.type !== "parent") {
    throw new ConflictError("wrong_type", `${displayQr(parent.qr)} is registered as a child bag, not a parent.`);
  }
  // Already here: nothing changes, even on a completed bill (a re-scan at loading is harmless).
  if (parent.holderId === bill.id) return duplicateOf(tx, bill, parent);
  if (parent.holderId !== null) throw onOtherBill(parent, parent.holderNumber ?? "another bill");
  assertNotCompleted(bill, "add bags");
  if (bill.linkedCount >= bill.capacity) {
    throw new ConflictError(
      "bill_full",
      `Bill ${bill.billNumber} is full (${bill.linkedCount}/${bill.capacity} parent bags). Raise its capacity to add more.`,
    );
  }

  // bill_bags_bag_unique decides a race with another bill: the loser's insert waits for the
  // winner's commit, inserts nothing, and the re-read names the winning bill.
  const [inserted] = await tx
    .insert(billBags)
    .values({ billId: bill.id, bagId: parent.id, addedBy: actor.id })
    .onConflictDoNothing()
    .returning({ id: billBags.id });
  if (!inserted) {
    const winner = await findParent(tx, qr);
    if (winner?.holderId === bill.id) return duplicateOf(tx, bill, winner);
    throw onOtherBill(parent, winner?.holderNumber ?? "another bill");
  }
  const [updated] = await tx
    .update(bills)
    .set({ linkedCount: sql`${bills.linkedCount} + 1`, status: "processing", updatedAt: sql`now()` })
    .where(eq(bills.id, bill.id))
    .returning({ linkedCount: bills.linkedCount, status: bills.status });
  if (!updated) throw new Error(`locked bill ${bill.id} could not be updated`);
  change.billStatus(bill.status, updated.status);
  await writeAudit(tx, {
    action: "bill_parent_added",
    userId: actor.id,
    actor: actor.username,
    entityType: "bill",
    entityId: bill.id,
    before: { linkedCount: bill.linkedCount, status: bill.status },
    after: updated,
    details: { billNumber: bill.billNumber, parentQr: parent.qr, childCount: parent.childCount },
    ip: meta.ip,
    requestId: meta.requestId,
  });
  const weights = await weighBill(tx, bill.id);
  return { result: "added", ...countsOf({ ...bill, ...updated }, weights), parent: parentView(parent) };
}

async function duplicateOf(tx: Tx, bill: LockedBill, parent: FoundParent): Promise<AddParentResult> {
  const weights = await weighBill(tx, bill.id);
  return { result: "duplicate", ...countsOf(bill, weights), parent: parentView(parent) };
}

/**
 * Takes a parent off a bill (refused on a completed bill); the bill goes back to `new` when it
 * was the last one. 404 not_on_bill when the parent is not on this bill.
 */
export async function removeParentFromBill(
  db: Db,
  actor: BillActor,
  rawBillNumber: string,
  rawQr: string,
  meta: BillRequestMeta,
): Promise<RemoveParentResult> {
  assertMayManageBills(actor);
  const billNumber = lookupBillNumber(rawBillNumber);
  const qr = requireParentQr(rawQr);
  const change = new StatsChange();
  const removedResult = await inBillTransaction(db, async (tx) => {
    const bill = await lockBill(tx, { billNumber });
    assertNotCompleted(bill, "remove bags");
    const [removed] = await tx
      .delete(billBags)
      .where(
        and(
          eq(billBags.billId, bill.id),
          inArray(billBags.bagId, tx.select({ id: bags.id }).from(bags).where(bagQrIs(qr))),
        ),
      )
      .returning({ bagId: billBags.bagId });
    if (!removed) {
      throw new NotFoundError(`Parent ${displayQr(qr)} is not on bill ${bill.billNumber}.`, "not_on_bill");
    }
    const [updated] = await tx
      .update(bills)
      .set({
        linkedCount: sql`${bills.linkedCount} - 1`,
        status: sql`case when ${bills.linkedCount} - 1 = 0 then 'new' else 'processing' end`,
        updatedAt: sql`now()`,
      })
      .where(eq(bills.id, bill.id))
      .returning({ linkedCount: bills.linkedCount, status: bills.status });
    if (!updated) throw new Error(`locked bill ${bill.id} could not be updated`);
    change.billStatus(bill.status, updated.status);
    await writeAudit(tx, {
      action: "bill_parent_removed",
      userId: actor.id,
      actor: actor.username,
      entityType: "bill",
      entityId: bill.id,
      before: { linkedCount: bill.linkedCount, status: bill.status },
      after: updated,
      details: { billNumber: bill.billNumber, parentQr: qr, bagId: removed.bagId },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    const weights = await weighBill(tx, bill.id);
    return { result: "removed" as const, parentQr: qr, ...countsOf({ ...bill, ...updated }, weights) };
  });
  await bumpStats(change);
  return removedResult;
}
