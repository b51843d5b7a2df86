import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { createTranslator } from "next-intl";
import type { Tx } from "@/db/client";
import { bags, billBags, bills, returnTicketBags, returnTickets } from "@/db/schema";
import { MESSAGES } from "@/i18n/messages";
import type { ReturnTicketDto } from "@/lib/dto/returns";
import { displayQr } from "@/lib/qr";
import { ReturnCodeJson } from "@/lib/schemas/returns";
import { audit } from "../audit";
import { weighBill } from "../bills/bill-counts";
import { inTransaction } from "../db-errors";
import { AppError } from "../errors";
import { lockBillById, type LockedBill } from "../bills/locked-bill";
import type { ServiceContext } from "../service";
import { countedTransaction } from "../stats/bump";
import type { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import { moveLinked, writeBillEvent } from "./bill-side";
import { assertMayManageReturns } from "./read";
import { lockOpenTicket, requireReturnCode, RETURN_CONSTRAINTS, ticketNow } from "./tickets";

/** Why one held bag cannot go back on its bill. */
type RestoreWhy = { kind: "deleted"; bill: string } | { kind: "elsewhere"; bill: string } | { kind: "full"; bill: string; linked: number; capacity: number };
type RestoreProblem = { qr: string; reason: string; why: RestoreWhy };

/**
 * The bags and their reasons in Hindi, the one language besides English: `say` carries values,
 * not a translator, so the list a Hindi reader sees is worded here.
 */
function hindiRestoreList(problems: RestoreProblem[]): string {
  const t = createTranslator({ locale: "hi", messages: MESSAGES.hi, namespace: "errors" });
  const reason = (why: RestoreWhy) =>
    why.kind === "full"
      ? t("return_restore_full", { bill: why.bill, linked: why.linked, capacity: why.capacity })
      : why.kind === "deleted"
        ? t("return_restore_deleted", { bill: why.bill })
        : t("return_restore_elsewhere", { bill: why.bill });
  return problems.map((p) => `${displayQr(p.qr)} (${reason(p.why)})`).join("; ");
}

/** 409 restore_conflict: which bags cannot go back, and why; nothing was written. */
export class RestoreConflictError extends AppError {
  constructor(
    code: string,
    public readonly problems: RestoreProblem[],
  ) {
    const list = problems.map((p) => `${displayQr(p.qr)} (${p.reason})`).join("; ");
    super(
      409,
      "restore_conflict",
      `Return ticket ${code} cannot be cancelled: ${problems.length === 1 ? "a bag" : `${problems.length} bags`} cannot go back on ${problems.length === 1 ? "its bill" : "their bills"}: ${list}. Nothing was changed. Finalize the ticket instead to keep the bags off their bills.`,
      { bags: problems.map((p) => `${displayQr(p.qr)}: ${p.reason}`) },
    );
    this.say({ code, count: problems.length, list: hindiRestoreList(problems) }, "return_restore_conflict");
  }
}

type HeldBag = { id: number; bagId: number; bagQr: string; billId: number | null; billNumber: string; childCount: number };

/** Which held bags cannot go back on their bill (every bill already locked). */
async function restoreProblems(tx: Tx, held: HeldBag[], locked: Map<number, LockedBill>): Promise<RestoreProblem[]> {
  const problems: RestoreProblem[] = [];
  const elsewhere = await tx
    .select({ bagId: billBags.bagId, billNumber: bills.billNumber })
    .from(billBags)
    .innerJoin(bills, eq(bills.id, billBags.billId))
    .where(inArray(billBags.bagId, held.map((h) => h.bagId)));
  const onBill = new Map(elsewhere.map((e) => [e.bagId, e.billNumber]));
  const coming = new Map<number, number>();
  for (const h of held) if (h.billId !== null) coming.set(h.billId, (coming.get(h.billId) ?? 0) + 1);
  for (const h of held) {
    const bill = h.billId === null ? undefined : locked.get(h.billId);
    const other = onBill.get(h.bagId);
    if (!bill) problems.push({ qr: h.bagQr, reason: `bill ${h.billNumber} was deleted`, why: { kind: "deleted", bill: h.billNumber } });
    else if (other !== undefined) problems.push({ qr: h.bagQr, reason: `it is now on bill ${other}`, why: { kind: "elsewhere", bill: other } });
    else if (bill.linkedCount + (coming.get(bill.id) ?? 0) > bill.capacity) {
      problems.push({
        qr: h.bagQr,
        reason: `bill ${bill.billNumber} has no room (${bill.linkedCount}/${bill.capacity} parent bags)`,
        why: { kind: "full", bill: bill.billNumber, linked: bill.linkedCount, capacity: bill.capacity },
      });
    }
  }
  return problems;
}

/**
 * POST /api/returns/[code]/cancel: every held bag goes back on its original bill (bill_bags row,
 * linked_count up, a `restored` bill event, state restored), all or nothing: when one cannot go
 * back (its bill was deleted, it is on another bill now, or the bill has no room) 409
 * restore_conflict names the bags and nothing is written. 409 ticket_closed once closed.
 */
export async function cancelTicket(ctx: ServiceContext, input: unknown): Promise<ReturnTicketDto> {
  assertMayManageReturns(ctx);
  const code = requireReturnCode(parseInput(ReturnCodeJson, input).code);
  // Bills → parents, against a scan's parent → bill: a deadlock PostgreSQL breaks runs again.
  return countedTransaction(ctx.db, (stats) => cancelIn(ctx, code, stats));
}

async function cancelIn(ctx: ServiceContext, code: string, stats: StatsChange): Promise<ReturnTicketDto> {
  return inTransaction(ctx.db, RETURN_CONSTRAINTS, async (tx) => {
    const ticket = await lockOpenTicket(tx, code);
    const held: HeldBag[] = await tx
      .select({
        id: returnTicketBags.id,
        bagId: returnTicketBags.bagId,
        bagQr: returnTicketBags.bagQr,
        billId: returnTicketBags.billId,
        billNumber: returnTicketBags.billNumber,
        childCount: returnTicketBags.childCount,
      })
      .from(returnTicketBags)
      .where(and(eq(returnTicketBags.ticketId, ticket.id), eq(returnTicketBags.state, "held")))
      .orderBy(asc(returnTicketBags.id));

    // The bills locked in id order (one order for every cancel: two cancels never deadlock).
    const billIds = [...new Set(held.flatMap((h) => (h.billId === null ? [] : [h.billId])))].sort((a, b) => a - b);
    const locked = new Map<number, LockedBill>();
    for (const id of billIds) {
      const row = await lockBillById(tx, id);
      if (row) locked.set(id, row);
    }
    if (held.length > 0) {
      // Share-lock the parents after their bills (bill → parent), so their child counts hold still.
      await tx.select({ id: bags.id }).from(bags).where(inArray(bags.id, held.map((h) => h.bagId))).for("share");
      const problems = await restoreProblems(tx, held, locked);
      if (problems.length > 0) throw new RestoreConflictError(ticket.code, problems);
    }

    const restored: { qr: string; billNumber: string }[] = [];
    for (const h of held) {
      const bill = locked.get(h.billId ?? -1);
      if (!bill) throw new Error(`bill ${h.billId} of ${h.bagQr} is not locked`);
      const before = { linked: (await currentLinked(tx, bill.id)) ?? bill.linkedCount, weights: await weighBill(tx, bill.id) };
      await tx.insert(billBags).values({ billId: bill.id, bagId: h.bagId, addedBy: ctx.actor.id });
      const moved = await moveLinked(tx, bill.id, 1);
      const after = { linked: moved.linkedCount, weights: await weighBill(tx, bill.id) };
      await writeBillEvent(tx, ctx, { billId: bill.id, ticketId: ticket.id, bagId: h.bagId, bagQr: h.bagQr, kind: "restored", before, after });
      await tx.update(returnTicketBags).set({ state: "restored" }).where(eq(returnTicketBags.id, h.id));
      restored.push({ qr: h.bagQr, billNumber: bill.billNumber });
    }
    // Each bill's status move counted once, from before the first bag to after the last.
    for (const bill of locked.values()) {
      const [now] = await tx.select({ status: bills.status }).from(bills).where(eq(bills.id, bill.id));
      stats.billStatus(bill.status, now?.status ?? bill.status);
    }

    await tx
      .update(returnTickets)
      // The counters count held and returned bags: a cancelled ticket holds none.
      .set({ status: "cancelled", bagsCount: 0, childCount: 0, closedAt: sql`now()`, closedBy: ctx.actor.id, updatedAt: sql`now()` })
      .where(eq(returnTickets.id, ticket.id));
    await audit(tx, ctx, { action: "return_ticket_cancelled", entityType: "return_ticket", entityId: ticket.code, details: { restored } });
    return ticketNow(tx, ticket.id);
  });
}

async function currentLinked(tx: Tx, billId: number): Promise<number | undefined> {
  const [row] = await tx.select({ linkedCount: bills.linkedCount }).from(bills).where(eq(bills.id, billId));
  return row?.linkedCount;
}
