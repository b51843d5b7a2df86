import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { bags, billBags, bills, links, returnTicketBags, returnTickets } from "@/db/schema";
import type { BagType, BillStatus, DispatchArea } from "@/lib/domain";
import type { DeleteBagResult } from "@/lib/dto/bags";
import { can } from "@/lib/permissions";
import { displayQr, normalizeQr } from "@/lib/qr";
import { DeleteBagInput } from "@/lib/schemas/bags";
import { audit } from "../audit";
import { lockBillById, PARENT_LEFT } from "../bills/locked-bill";
import { inTransaction, type ConstraintErrors } from "../db-errors";
import { ConflictError, ForbiddenError } from "../errors";
import { lockParent } from "../scan/lock";
import { unlinkChild } from "../scan/unlink";
import type { ServiceContext } from "../service";
import { countedTransaction } from "../stats/bump";
import type { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import { bagNotFound } from "./lookup";
import { qrIs } from "./scope";

const holder = alias(bags, "holder");

/** The bag's parent link or bill changed between the first read and the locks: read again. */
class BagMoved extends Error {}
const ATTEMPTS = 3;

/** A return ticket is the record of a return: its bags stay (the FK is ON DELETE RESTRICT). */
const DELETE_CONSTRAINTS: ConstraintErrors = {
  return_ticket_bags_bag_id_bags_id_fk: () =>
    new ConflictError("bag_on_return", "That bag was just put on a return ticket; it cannot be deleted.").say({}, "bags_on_return_race"),
};

/**
 * Deletes a bag (admins), audited, in one transaction. A child first leaves its parent as a
 * removal would (the parent's count and status follow; a finished parent reopens); a parent's
 * children become free and it leaves its bill (linked_count − 1). Refused: bill_completed /
 * bill_dispatched while the bag's bill is frozen, bag_on_return while it is on a return ticket.
 */
export async function deleteBag(ctx: ServiceContext, input: unknown): Promise<DeleteBagResult> {
  if (!can(ctx.actor.role, "bags:delete")) throw new ForbiddenError("Only admins can delete bags.").say({}, "bags_forbidden_delete");
  const qr = normalizeQr(parseInput(DeleteBagInput, input).qr);
  // Any stored QR is 4–20 characters (bags_qr_check); nothing else can match.
  if (qr.length < 4 || qr.length > 20) throw bagNotFound(qr);
  for (let attempt = 1; ; attempt += 1) {
    try {
      // A child's delete locks as a scan does (bill, then parent): a deadlock with a bill change runs again.
      return await countedTransaction(ctx.db, (stats) => inTransaction(ctx.db, DELETE_CONSTRAINTS, (tx) => deleteIn(tx, ctx, qr, stats)));
    } catch (err) {
      if (!(err instanceof BagMoved)) throw err;
      if (attempt >= ATTEMPTS) throw new ConflictError("bag_busy", `Bag ${displayQr(qr)} is being changed right now; try again.`).say({ qr: displayQr(qr) }, "bags_busy");
    }
  }
}

/** The bag with its parent (a child) or bill (a parent), read without locks. */
async function findBag(tx: Tx, qr: string) {
  const [row] = await tx
    .select({
      id: bags.id,
      qr: bags.qr,
      type: bags.type,
      area: bags.dispatchArea,
      status: bags.status,
      childCount: bags.childCount,
      capacity: bags.capacity,
      parentId: links.parentBagId,
      parentQr: holder.qr,
      billId: billBags.billId,
    })
    .from(bags)
    .leftJoin(links, eq(links.childBagId, bags.id))
    .leftJoin(holder, eq(holder.id, links.parentBagId))
    .leftJoin(billBags, eq(billBags.bagId, bags.id))
    .where(qrIs(qr))
    .limit(1);
  return row;
}
type FoundBag = NonNullable<Awaited<ReturnType<typeof findBag>>>;

async function deleteIn(tx: Tx, ctx: ServiceContext, qr: string, stats: StatsChange): Promise<DeleteBagResult> {
  const bag = await findBag(tx, qr);
  if (!bag) throw bagNotFound(qr);
  return bag.type === "child" ? deleteChild(tx, ctx, bag, stats) : deleteParent(tx, ctx, bag, stats);
}

/** Locks one bag row for its deletion: any link or bill row referring to it waits for the commit, then fails its FK check. */
async function lockForDelete(tx: Tx, id: number): Promise<void> {
  const [row] = await tx.select({ id: bags.id }).from(bags).where(eq(bags.id, id)).for("update");
  if (!row) throw new BagMoved();
}

/** The return ticket holding (or having returned) parent `bagId`, if any. */
async function ticketOf(tx: Tx, bagId: number, states: ("held" | "returned" | "restored")[]) {
  const [row] = await tx
    .select({ code: returnTickets.code, state: returnTicketBags.state })
    .from(returnTicketBags)
    .innerJoin(returnTickets, eq(returnTickets.id, returnTicketBags.ticketId))
    .where(and(eq(returnTicketBags.bagId, bagId), inArray(returnTicketBags.state, states)))
    .limit(1);
  return row;
}

/** The bag being deleted as a refusal names it: a parent, or a child by its parent. */
type Subject = { parent: string; child?: string };

function frozen(subject: Subject, billNumber: string, status: BillStatus): ConflictError | null {
  const what = subject.child ? `Child ${subject.child}'s parent ${subject.parent}` : `Parent ${subject.parent}`;
  const who = subject.child ? "child" : "parent";
  const values = { ...subject, billNumber };
  if (status === "dispatched") {
    return new ConflictError("bill_dispatched", `${what} is on bill ${billNumber}, which has been dispatched; it can no longer be deleted.`).say(values, `bags_${who}_bill_dispatched`);
  }
  if (status === "completed") {
    return new ConflictError("bill_completed", `${what} is on bill ${billNumber}, which is completed. Reopen the bill to delete it.`).say(values, `bags_${who}_bill_completed`);
  }
  return null;
}

async function deleteChild(tx: Tx, ctx: ServiceContext, bag: FoundBag, stats: StatsChange): Promise<DeleteBagResult> {
  let parent: DeleteBagResult["parent"] = null;
  let billNumber: string | null = null;
  if (bag.parentId !== null && bag.parentQr !== null) {
    // Lock order as a scan: the parent's bill (shared), the parent, then this child.
    const locked = await lockParent(tx, ctx.actor, bag.parentQr.toUpperCase());
    if (!locked || locked.parent.id !== bag.parentId) throw new BagMoved();
    const subject = { child: displayQr(bag.qr), parent: displayQr(locked.parent.qr) };
    const refusal = locked.bill && frozen(subject, locked.bill.billNumber, locked.bill.status);
    if (refusal) throw refusal;
    const ticket = await ticketOf(tx, locked.parent.id, ["held", "returned"]);
    if (ticket) {
      throw new ConflictError("bag_on_return", `Child ${subject.child}'s parent ${subject.parent} is on return ticket ${ticket.code}; its bags cannot be deleted.`).say(
        { ...subject, ticket: ticket.code },
        "bags_child_on_return",
      );
    }
    await lockForDelete(tx, bag.id);
    const [link] = await tx.select({ id: links.id, parentId: links.parentBagId, by: links.createdBy }).from(links).where(eq(links.childBagId, bag.id));
    if (!link || link.parentId !== locked.parent.id) throw new BagMoved();
    const after = await unlinkChild(tx, ctx, locked, { linkId: link.id, childBagId: bag.id, childQr: bag.qr, linkedBy: link.by }, "delete");
    parent = { qr: after.parentQr, childCount: after.childCount, status: after.parentStatus };
    billNumber = locked.bill?.billNumber ?? null;
  } else {
    await lockForDelete(tx, bag.id);
    const [link] = await tx.select({ id: links.id }).from(links).where(eq(links.childBagId, bag.id));
    if (link) throw new BagMoved();
  }
  await tx.delete(bags).where(eq(bags.id, bag.id));
  stats.bag("child", bag.area, -1);
  await auditDeleted(tx, ctx, bag, { parent: bag.parentQr, bill: billNumber, childCount: 0 }, {});
  const message = parent
    ? `Child ${bag.qr} deleted; parent ${parent.qr} now holds ${parent.childCount} ${parent.childCount === 1 ? "child" : "children"}.`
    : `Child ${bag.qr} deleted.`;
  return { deleted: { qr: bag.qr, type: "child" }, parent, bill: null, freedChildren: [], message };
}

async function deleteParent(tx: Tx, ctx: ServiceContext, bag: FoundBag, stats: StatsChange): Promise<DeleteBagResult> {
  // Lock order as the bill verbs: the bill row, then the parent.
  const bill = bag.billId === null ? null : await lockBillById(tx, bag.billId);
  if (bag.billId !== null && !bill) throw new BagMoved();
  await lockForDelete(tx, bag.id);
  const [onBill] = await tx.select({ billId: billBags.billId }).from(billBags).where(eq(billBags.bagId, bag.id));
  if ((onBill?.billId ?? null) !== (bill?.id ?? null)) throw new BagMoved();
  const [state] = await tx.select({ childCount: bags.childCount, status: bags.status }).from(bags).where(eq(bags.id, bag.id));
  if (bill) {
    const refusal = frozen({ parent: displayQr(bag.qr) }, bill.billNumber, bill.status);
    if (refusal) throw refusal;
  }
  const ticket = await ticketOf(tx, bag.id, ["held", "returned", "restored"]);
  if (ticket) {
    throw new ConflictError("bag_on_return", `Parent ${displayQr(bag.qr)} is on return ticket ${ticket.code}; a returned bag stays as the ticket's record.`).say(
      { parent: displayQr(bag.qr), ticket: ticket.code },
      "bags_parent_on_return",
    );
  }
  // The children stay as bags, in no parent (the links would go with the parent anyway; this names them).
  const freed = await tx
    .delete(links)
    .where(eq(links.parentBagId, bag.id))
    .returning({ childBagId: links.childBagId });
  const freedQrs =
    freed.length === 0
      ? []
      : (await tx.select({ qr: bags.qr }).from(bags).where(inArray(bags.id, freed.map((f) => f.childBagId))).orderBy(bags.qr)).map((r) => r.qr);
  let billAfter: DeleteBagResult["bill"] = null;
  if (bill) {
    await tx.delete(billBags).where(eq(billBags.bagId, bag.id));
    const [after] = await tx
      .update(bills)
      .set({ ...PARENT_LEFT, updatedAt: sql`now()` })
      .where(eq(bills.id, bill.id))
      .returning({ linkedCount: bills.linkedCount, status: bills.status });
    if (!after) throw new Error(`locked bill ${bill.id} could not be updated`);
    stats.billStatus(bill.status, after.status);
    await audit(tx, ctx, {
      action: "bill_parent_removed",
      entityType: "bill",
      entityId: bill.id,
      before: { linkedCount: bill.linkedCount, status: bill.status },
      after,
      details: { billNumber: bill.billNumber, parentQr: bag.qr, bagId: bag.id, reason: "bag_deleted" },
    });
    billAfter = { billNumber: bill.billNumber, ...after };
  }
  await tx.delete(bags).where(eq(bags.id, bag.id));
  stats.bag("parent", bag.area, -1);
  await auditDeleted(tx, ctx, bag, { parent: null, bill: bill?.billNumber ?? null, childCount: state?.childCount ?? bag.childCount, status: state?.status ?? bag.status }, { freedChildren: freedQrs });
  const children = freedQrs.length === 0 ? "" : ` Its ${freedQrs.length} ${freedQrs.length === 1 ? "child is" : "children are"} now in no parent.`;
  const billPart = billAfter ? ` It left bill ${billAfter.billNumber} (${billAfter.linkedCount} parent${billAfter.linkedCount === 1 ? "" : "s"} now).` : "";
  return { deleted: { qr: bag.qr, type: "parent" }, parent: null, bill: billAfter, freedChildren: freedQrs, message: `Parent ${bag.qr} deleted.${billPart}${children}` };
}

async function auditDeleted(
  tx: Tx,
  ctx: ServiceContext,
  bag: { id: number; qr: string; type: BagType; area: DispatchArea | null },
  before: { parent: string | null; bill: string | null; childCount: number; status?: string },
  details: Record<string, unknown>,
): Promise<void> {
  await audit(tx, ctx, {
    action: "bag_deleted",
    entityType: "bag",
    entityId: bag.id,
    before: { qr: bag.qr, type: bag.type, area: bag.area, ...before },
    details: { qr: bag.qr, ...details },
    critical: true,
  });
}
