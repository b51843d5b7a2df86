import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bills } from "@/db/schema";
import { writeAudit } from "../audit";
import { ConflictError } from "../errors";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import {
  assertMayManageBills,
  countsOf,
  inBillTransaction,
  lockBill,
  lookupBillNumber,
  weighBill,
} from "./shared";
import type { BillActor, BillCounts, BillRequestMeta } from "./types";

/**
 * processing → completed, only when every expected parent is on the bill (409 below_capacity
 * saying how many are missing). Completing is always explicit; adding the last bag does not.
 */
export async function completeBill(
  db: Db,
  actor: BillActor,
  rawBillNumber: string,
  meta: BillRequestMeta,
): Promise<BillCounts> {
  assertMayManageBills(actor);
  const billNumber = lookupBillNumber(rawBillNumber);
  const change = new StatsChange();
  const counts = await inBillTransaction(db, async (tx) => {
    const bill = await lockBill(tx, { billNumber });
    if (bill.status === "completed") {
      throw new ConflictError("bill_completed", `Bill ${bill.billNumber} is already completed.`);
    }
    if (bill.linkedCount < bill.capacity) {
      const missing = bill.capacity - bill.linkedCount;
      throw new ConflictError(
        "below_capacity",
        bill.linkedCount === 0
          ? `Bill ${bill.billNumber} has no parent bags yet; add ${bill.capacity} before completing it.`
          : `Bill ${bill.billNumber} needs ${missing} more parent bag${missing === 1 ? "" : "s"} to complete (${bill.linkedCount}/${bill.capacity}).`,
      );
    }
    const [updated] = await tx
      .update(bills)
      .set({ status: "completed", completedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(bills.id, bill.id))
      .returning({ status: bills.status, completedAt: bills.completedAt });
    if (!updated) throw new Error(`locked bill ${bill.id} could not be updated`);
    change.billStatus(bill.status, updated.status);
    await writeAudit(tx, {
      action: "bill_completed",
      userId: actor.id,
      actor: actor.username,
      entityType: "bill",
      entityId: bill.id,
      before: { status: bill.status, completedAt: bill.completedAt },
      after: updated,
      details: { billNumber: bill.billNumber, linkedCount: bill.linkedCount, capacity: bill.capacity },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return countsOf({ ...bill, status: updated.status }, await weighBill(tx, bill.id));
  });
  await bumpStats(change);
  return counts;
}

/** completed → processing, so bags and details can change again. */
export async function reopenBill(
  db: Db,
  actor: BillActor,
  rawBillNumber: string,
  meta: BillRequestMeta,
): Promise<BillCounts> {
  assertMayManageBills(actor);
  const billNumber = lookupBillNumber(rawBillNumber);
  const change = new StatsChange();
  const counts = await inBillTransaction(db, async (tx) => {
    const bill = await lockBill(tx, { billNumber });
    if (bill.status !== "completed") {
      throw new ConflictError("not_completed", `Bill ${bill.billNumber} is not completed, so there is nothing to reopen.`);
    }
    // Normally linked = capacity ≥ 1 here; `new` only if bags left by some other path.
    const [updated] = await tx
      .update(bills)
      .set({
        status: sql`case when ${bills.linkedCount} = 0 then 'new' else 'processing' end`,
        completedAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(bills.id, bill.id))
      .returning({ status: bills.status, completedAt: bills.completedAt });
    if (!updated) throw new Error(`locked bill ${bill.id} could not be updated`);
    change.billStatus(bill.status, updated.status);
    await writeAudit(tx, {
      action: "bill_reopened",
      userId: actor.id,
      actor: actor.username,
      entityType: "bill",
      entityId: bill.id,
      before: { status: bill.status, completedAt: bill.completedAt },
      after: updated,
      details: { billNumber: bill.billNumber },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    return countsOf({ ...bill, status: updated.status }, await weighBill(tx, bill.id));
  });
  await bumpStats(change);
  return counts;
}
