import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bags, billBags, returnTicketBags, returnTickets } from "@/db/schema";
import type { ReturnScanResult } from "@/lib/dto/returns";
import { displayQr } from "@/lib/qr";
import { ReturnScanJson } from "@/lib/schemas/returns";
import { audit } from "../audit";
import { weighBill } from "../bills/bill-counts";
import { inTransaction } from "../db-errors";
import { ConflictError, NotFoundError } from "../errors";
import { requireParentLabel } from "../scan/labels";
import { lockBillById, type LockedBill } from "../bills/locked-bill";
import type { ServiceContext } from "../service";
import { countedTransaction } from "../stats/bump";
import type { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import { billHolding, heldBy, lockParentShare, moveLinked, writeBillEvent } from "./bill-side";
import { assertMayManageReturns, returnWeightKg } from "./read";
import { lockOpenTicket, requireReturnCode, RETURN_CONSTRAINTS } from "./tickets";

/** How often a parent may move to another bill between our read and our lock before we give up. */
const MAX_CHASES = 3;

/** Matches bags_qr_ci_unique; `qr` is already normalized. */
const bagQrIs = (qr: string) => sql`upper(${bags.qr}) = ${qr}`;

function notLinked(qr: string): ConflictError {
  return new ConflictError("not_linked", `Parent ${displayQr(qr)} is not on any bill, so there is nothing to return from.`).say({ qr: displayQr(qr) }, "return_not_linked");
}

/** duplicate / cross_ticket_duplicate when the parent is already held by an open ticket. */
async function refuseHeld(tx: Tx, ticket: { id: number; code: string }, bagId: number, qr: string): Promise<void> {
  const held = await heldBy(tx, bagId);
  if (!held) return;
  if (held.ticketId === ticket.id) {
    throw new ConflictError("duplicate", `${displayQr(qr)} is already on this ticket — nothing changed.`).say({ qr: displayQr(qr) }, "return_duplicate");
  }
  throw new ConflictError("cross_ticket_duplicate", `${displayQr(qr)} is already held on open return ticket ${held.code}. Finalize or cancel that ticket first.`).say(
    { qr: displayQr(qr), code: held.code },
    "return_cross_ticket",
  );
}

/**
 * The parent's bill locked, the parent still on it. The bill is read unlocked first, so by the
 * time its lock is ours the parent may have left it (removed, returned on another ticket): then
 * the held check and the bill are read again.
 */
async function lockHoldingBill(tx: Tx, ticket: { id: number; code: string }, bagId: number, qr: string): Promise<LockedBill> {
  for (let chase = 0; chase < MAX_CHASES; chase += 1) {
    await refuseHeld(tx, ticket, bagId, qr);
    const holder = await billHolding(tx, bagId);
    if (!holder) throw notLinked(qr);
    const bill = await lockBillById(tx, holder.billId);
    if (!bill) continue;
    const [still] = await tx
      .select({ id: billBags.id })
      .from(billBags)
      .where(and(eq(billBags.billId, bill.id), eq(billBags.bagId, bagId)))
      .limit(1);
    if (still) return bill;
  }
  throw new ConflictError("not_linked", `Parent ${displayQr(qr)} is moving between bills right now; scan it again.`).say({ qr: displayQr(qr) }, "return_moving");
}

/**
 * POST /api/returns/[code]/bags {qr}: a returned parent leaves its bill (completed and
 * dispatched bills too): bill_bags row gone, linked_count down, a bill event with the counts and
 * weights before and after, the parent held on the ticket. Refuses 400 invalid_qr, 404
 * ticket_not_found / bag_not_found, 409 wrong_type / duplicate / cross_ticket_duplicate /
 * not_linked / ticket_closed — writing nothing.
 */
export async function returnBag(ctx: ServiceContext, input: unknown): Promise<ReturnScanResult> {
  assertMayManageReturns(ctx);
  const call = parseInput(ReturnScanJson, input);
  const code = requireReturnCode(call.code);
  const { qr } = requireParentLabel(call.qr);
  // Bill → parent, against a scan's parent → bill when it re-reads a parent another station just
  // changed: PostgreSQL may break that deadlock by aborting this one, which then runs again.
  return countedTransaction(ctx.db, (stats) => returnIn(ctx, code, qr, stats));
}

async function returnIn(ctx: ServiceContext, code: string, qr: string, stats: StatsChange): Promise<ReturnScanResult> {
  return inTransaction(ctx.db, RETURN_CONSTRAINTS, async (tx): Promise<ReturnScanResult> => {
    // Lock order: ticket → bill → parent (the bill verbs: bill → parent).
    const ticket = await lockOpenTicket(tx, code);
    const [bag] = await tx.select({ id: bags.id, qr: bags.qr, type: bags.type }).from(bags).where(bagQrIs(qr)).limit(1);
    if (!bag) throw new NotFoundError(`Bag ${displayQr(qr)} is not registered.`, "bag_not_found").say({ qr: displayQr(qr) }, "return_bag_not_found");
    if (bag.type !== "parent") {
      throw new ConflictError("wrong_type", `${displayQr(bag.qr)} is registered as a child bag, not a parent.`).say({ qr: displayQr(bag.qr) }, "return_wrong_type");
    }

    const bill = await lockHoldingBill(tx, ticket, bag.id, bag.qr);
    const parent = await lockParentShare(tx, bag.id);
    if (!parent) throw new NotFoundError(`Bag ${displayQr(qr)} is not registered.`, "bag_not_found").say({ qr: displayQr(qr) }, "return_bag_not_found");
    const before = { linked: bill.linkedCount, weights: await weighBill(tx, bill.id) };

    const [gone] = await tx.delete(billBags).where(and(eq(billBags.billId, bill.id), eq(billBags.bagId, bag.id))).returning({ id: billBags.id });
    // Checked under the bill lock just above; only a change that skipped the lock could get here.
    if (!gone) {
      throw new ConflictError("not_linked", `Parent ${displayQr(bag.qr)} just left bill ${bill.billNumber}; scan it again.`).say(
        { qr: displayQr(bag.qr), bill: bill.billNumber },
        "return_just_left",
      );
    }
    const moved = await moveLinked(tx, bill.id, -1);
    stats.billStatus(bill.status, moved.status);
    const after = { linked: moved.linkedCount, weights: await weighBill(tx, bill.id) };
    await writeBillEvent(tx, ctx, { billId: bill.id, ticketId: ticket.id, bagId: bag.id, bagQr: bag.qr, kind: "returned", before, after });

    const [held] = await tx
      .insert(returnTicketBags)
      .values({ ticketId: ticket.id, bagId: bag.id, bagQr: bag.qr, billId: bill.id, billNumber: bill.billNumber, childCount: parent.childCount, scannedBy: ctx.actor.id })
      .returning({ scannedAt: returnTicketBags.scannedAt });
    if (!held) throw new Error("return_ticket_bags insert returned no row");
    const [counts] = await tx
      .update(returnTickets)
      .set({
        bagsCount: sql`${returnTickets.bagsCount} + 1`,
        childCount: sql`${returnTickets.childCount} + ${parent.childCount}`,
        updatedAt: sql`now()`,
      })
      .where(eq(returnTickets.id, ticket.id))
      .returning({ bagsCount: returnTickets.bagsCount, childCount: returnTickets.childCount });
    if (!counts) throw new Error(`locked return ticket ${ticket.id} could not be updated`);

    await audit(tx, ctx, {
      action: "return_bag_scanned",
      entityType: "return_ticket",
      entityId: ticket.code,
      details: {
        qr: bag.qr,
        billNumber: bill.billNumber,
        childCount: parent.childCount,
        linkedBefore: before.linked,
        linkedAfter: after.linked,
        billStatus: moved.status,
      },
    });
    return {
      result: "returned",
      qr: bag.qr,
      bill: {
        billNumber: bill.billNumber,
        linkedCount: moved.linkedCount,
        status: moved.status,
        capacity: moved.capacity,
        linkedBefore: before.linked,
        childCount: after.weights.childCount,
        actualWeightKg: after.weights.actualKg,
        expectedWeightKg: after.weights.expectedKg,
      },
      ticket: { code: ticket.code, bagsCount: counts.bagsCount, childCount: counts.childCount, weightKg: returnWeightKg(counts.childCount) },
      bag: {
        qr: bag.qr,
        billNumber: bill.billNumber,
        childCount: parent.childCount,
        weightKg: returnWeightKg(parent.childCount),
        state: "held",
        scannedBy: ctx.actor.username,
        scannedAt: held.scannedAt,
      },
    };
  });
}
