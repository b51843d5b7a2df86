import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bags, billBags, billReturnEvents, bills, returnTicketBags, returnTickets } from "@/db/schema";
import type { Weights } from "@/lib/weights";
import { PARENT_JOINED, PARENT_LEFT } from "../bills/locked-bill";
import type { ServiceContext } from "../service";

// What a return does to a bill: the bill row locked as the bill verbs lock it (lockBillById),
// before any bill_bags change, so a return racing an add, a removal or a completion takes its
// turn and bills.linked_count stays equal to count(bill_bags).

/**
 * Share-locks the parent after its bill (the order completeBill uses for its parents): a child
 * scan or undo still running on it finishes first, so the child count read next is final.
 */
export async function lockParentShare(tx: Tx, bagId: number): Promise<{ qr: string; childCount: number } | null> {
  const [row] = await tx.select({ qr: bags.qr, childCount: bags.childCount }).from(bags).where(eq(bags.id, bagId)).limit(1).for("share");
  return row ?? null;
}

/** The bill the parent is on, read without a lock (the caller locks it, then checks again). */
export async function billHolding(tx: Tx, bagId: number): Promise<{ billId: number; billNumber: string } | null> {
  const [row] = await tx
    .select({ billId: billBags.billId, billNumber: bills.billNumber })
    .from(billBags)
    .innerJoin(bills, eq(bills.id, billBags.billId))
    .where(eq(billBags.bagId, bagId))
    .limit(1);
  return row ?? null;
}

/** The open ticket holding the parent (state held), if any. */
export async function heldBy(tx: Tx, bagId: number): Promise<{ ticketId: number; code: string } | null> {
  const [row] = await tx
    .select({ ticketId: returnTicketBags.ticketId, code: returnTickets.code })
    .from(returnTicketBags)
    .innerJoin(returnTickets, eq(returnTickets.id, returnTicketBags.ticketId))
    .where(and(eq(returnTicketBags.bagId, bagId), eq(returnTicketBags.state, "held")))
    .limit(1);
  return row ?? null;
}

/** A bill's linked count and weights, before or after a parent moves. */
export interface BillSide {
  linked: number;
  weights: Weights;
}

/** One line of the bill's return history (bill_return_events). */
export async function writeBillEvent(
  tx: Tx,
  ctx: ServiceContext,
  e: { billId: number; ticketId: number; bagId: number; bagQr: string; kind: "returned" | "restored"; before: BillSide; after: BillSide },
): Promise<void> {
  await tx.insert(billReturnEvents).values({
    billId: e.billId,
    ticketId: e.ticketId,
    bagId: e.bagId,
    bagQr: e.bagQr,
    kind: e.kind,
    linkedBefore: e.before.linked,
    linkedAfter: e.after.linked,
    childrenBefore: e.before.weights.childCount,
    childrenAfter: e.after.weights.childCount,
    actualWeightBeforeKg: e.before.weights.actualKg,
    actualWeightAfterKg: e.after.weights.actualKg,
    expectedWeightBeforeKg: e.before.weights.expectedKg,
    expectedWeightAfterKg: e.after.weights.expectedKg,
    byUser: ctx.actor.id,
  });
}

/** The bill row after a parent left (-1) or came back (+1): PARENT_LEFT / PARENT_JOINED, as the bill verbs move it. */
export async function moveLinked(tx: Tx, billId: number, by: 1 | -1) {
  const [after] = await tx
    .update(bills)
    .set({ ...(by < 0 ? PARENT_LEFT : PARENT_JOINED), updatedAt: sql`now()` })
    .where(eq(bills.id, billId))
    .returning({ linkedCount: bills.linkedCount, status: bills.status, capacity: bills.capacity, billNumber: bills.billNumber });
  if (!after) throw new Error(`locked bill ${billId} could not be updated`);
  return after;
}
