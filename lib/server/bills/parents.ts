import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bags, billBags, bills } from "@/db/schema";
import type { AddParentResult, RemoveParentResult } from "@/lib/dto/bills";
import type { Replayable } from "@/lib/dto/outcome";
import { classifyQr, displayQr, normalizeQr } from "@/lib/qr";
import { AddBillParentJson, BillParentJson, normalizeBillNumber } from "@/lib/schemas/bills";
import type { Actor, ServiceContext } from "../service";
import { ConflictError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { countsNow, parentView } from "./bill-counts";
import { billNotFound, billNumberIs, lookupBillNumber } from "./bill-number";
import { heldBy } from "../returns/bill-side";
import { retryDeadlocks } from "../db-errors";
import { invalidQr } from "../scan/labels";
import { replayCall, runOnce } from "../scan/replay";
import { claimBillScan } from "./dedupe";
import { applyBillChange, assertMayManageBills, assertNotCompleted, PARENT_JOINED, PARENT_LEFT, type BillDecided, type BillField, type BillUpdate, type LockedBill } from "./locked-bill";

/** What adding or removing a parent moves, as its audit row shows. */
const PARENT_FIELDS: readonly BillField[] = ["linkedCount", "status"];

/** Matches the case-insensitive unique index bags_qr_ci_unique; `qr` is already normalized. */
function bagQrIs(qr: string): SQL {
  return sql`upper(${bags.qr}) = ${qr}`;
}

/** The parent label in a scan (or an imported bill row), or invalid_qr / wrong_type saying what was scanned instead. */
export function requireParentQr(raw: string): string {
  const label = classifyQr(raw);
  if (label.kind === "invalid") throw invalidQr(label);
  if (label.kind === "child") {
    const qr = displayQr(label.qr);
    throw new ConflictError("wrong_type", `${qr} is a child label. Bills take parent bags: scan the parent label (SB12345 or M444-12345).`).say({ qr }, "bills_child_label");
  }
  return label.qr;
}

/** The bill and parent a call names: the bill's number looked up (404 when malformed), the parent's label checked. */
function parentCall(input: unknown): { billNumber: string; qr: string } {
  const call = parseInput(BillParentJson, input);
  const billNumber = lookupBillNumber(call.billNumber);
  return { billNumber, qr: requireParentQr(call.qr) };
}

/** A parent held on an open return ticket cannot go onto a bill (billing and imports refuse it alike). */
export function parentOnReturn(qr: string, ticketCode: string): ConflictError {
  const parent = displayQr(qr);
  return new ConflictError("parent_on_return", `Parent ${parent} is held on open return ticket ${ticketCode}. Finalize or cancel that ticket first.`).say(
    { qr: parent, ticket: ticketCode },
    "bills_parent_on_return",
  );
}

/**
 * Puts a registered parent bag on a bill. Partial parents are accepted (and reported partial);
 * a parent already on this bill is a no-op "duplicate". Refuses: invalid_qr, wrong_type,
 * bill_not_found, parent_not_found, on_other_bill, bill_completed, bill_full. With an
 * idempotency key, a repeat of the key answers the first answer again and changes nothing.
 */
export async function addParentToBill(ctx: ServiceContext, input: unknown): Promise<Replayable<AddParentResult>> {
  assertMayManageBills(ctx.actor);
  const call = parseInput(AddBillParentJson, input);
  const replay = replayCall("bill_parent", call.idempotencyKey, normalizeBillNumber(call.billNumber).toUpperCase(), normalizeQr(call.qr));
  // Keyed, the change runs inside runOnce's transaction: a deadlock there re-runs it all.
  return retryDeadlocks(ctx.db, () => runOnce(ctx, replay, (billCtx) => putParentOnBill(billCtx, lookupBillNumber(call.billNumber), requireParentQr(call.qr))));
}

async function putParentOnBill(ctx: ServiceContext, billNumber: string, qr: string): Promise<AddParentResult> {
  const { db, actor } = ctx;
  const [ref] = await db.select({ id: bills.id }).from(bills).where(billNumberIs(billNumber)).limit(1);
  if (!ref) throw billNotFound(billNumber);
  if (!(await claimBillScan(ref.id, qr))) {
    const absorbed = await readDuplicate(db, ref.id, qr);
    if (absorbed) return absorbed;
    // Not on the bill after all (the first scan was refused, or is still running): decide
    // under the lock like any other scan, so the answer is never a false "duplicate".
  }
  return applyBillChange(ctx, { id: ref.id, billNumber }, (tx, bill) => decideAdd(tx, actor, bill, qr));
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
  const counts = await countsNow(db, { ...row, id: billId, capacity: row.billCapacity });
  return { result: "duplicate", ...counts, parent: parentView(row) };
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

/** `holderNumber`: the bill the parent is on, null when a race left it unknown. */
export function onOtherBill(parent: Pick<FoundParent, "qr">, holderNumber: string | null): ConflictError {
  const qr = displayQr(parent.qr);
  const message = `Parent ${qr} is already on bill ${holderNumber ?? "another bill"}. Remove it from that bill first.`;
  const error = new ConflictError("on_other_bill", message);
  return holderNumber === null ? error.say({ qr }, "bills_on_other_bill_unknown") : error.say({ qr, billNumber: holderNumber }, "bills_on_other_bill");
}

async function duplicateOf(tx: Tx, bill: LockedBill, parent: FoundParent): Promise<BillDecided<AddParentResult>> {
  return { done: { result: "duplicate", ...(await countsNow(tx, bill)), parent: parentView(parent) } };
}

/** A bill names a parent no one has scanned yet (parent_not_found): adding and importing alike. */
export function parentNotRegistered(qr: string): NotFoundError {
  const parent = displayQr(qr);
  return new NotFoundError(`Parent ${parent} is not registered yet. Scan it at the packing station first.`, "parent_not_found").say({ qr: parent }, "bills_parent_not_registered");
}

/** A bill names a QR stored as a child bag (wrong_type): adding and importing alike. */
export function registeredAsChild(qr: string): ConflictError {
  const shown = displayQr(qr);
  return new ConflictError("wrong_type", `${shown} is registered as a child bag, not a parent.`).say({ qr: shown }, "bills_registered_as_child");
}

/** More parents than the bill's capacity (bill_full): adding and importing alike. */
export function billFull(billNumber: string, linkedCount: number, capacity: number): ConflictError {
  return new ConflictError("bill_full", `Bill ${billNumber} is full (${linkedCount}/${capacity} parent bags). Raise its capacity to add more.`).say(
    { billNumber, linked: linkedCount, capacity },
    "bills_full",
  );
}

async function decideAdd(tx: Tx, actor: Actor, bill: LockedBill, qr: string): Promise<BillUpdate<AddParentResult> | BillDecided<AddParentResult>> {
  const parent = await findParent(tx, qr);
  if (!parent) throw parentNotRegistered(qr);
  if (parent.type !== "parent") throw registeredAsChild(parent.qr);
  // Already here: nothing changes, even on a completed bill (a re-scan at loading is harmless).
  if (parent.holderId === bill.id) return duplicateOf(tx, bill, parent);
  if (parent.holderId !== null) throw onOtherBill(parent, parent.holderNumber);
  // Held on an open return ticket: it came back from a dealer and is off its bill until that
  // ticket is finalized (then it is free) or cancelled (then it goes back on its own bill).
  const held = await heldBy(tx, parent.id);
  if (held) {
    throw parentOnReturn(parent.qr, held.code);
  }
  assertNotCompleted(bill, "add");
  if (bill.linkedCount >= bill.capacity) throw billFull(bill.billNumber, bill.linkedCount, bill.capacity);
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
    throw onOtherBill(parent, winner?.holderNumber ?? null);
  }
  return {
    set: PARENT_JOINED,
    audit: { action: "bill_parent_added", fields: PARENT_FIELDS, details: { parentQr: parent.qr, childCount: parent.childCount } },
    answer: async (conn, after) => ({ result: "added", ...(await countsNow(conn, after)), parent: parentView(parent) }),
  };
}

/**
 * Takes a parent off a bill (refused on a completed bill); the bill goes back to `new` when it
 * was the last one. 404 not_on_bill when the parent is not on this bill.
 */
export async function removeParentFromBill(ctx: ServiceContext, input: unknown): Promise<RemoveParentResult> {
  assertMayManageBills(ctx.actor);
  const { billNumber, qr } = parentCall(input);
  return applyBillChange(ctx, { billNumber }, async (tx, bill) => {
    assertNotCompleted(bill, "remove");
    const [removed] = await tx
      .delete(billBags)
      .where(and(eq(billBags.billId, bill.id), inArray(billBags.bagId, tx.select({ id: bags.id }).from(bags).where(bagQrIs(qr)))))
      .returning({ bagId: billBags.bagId });
    if (!removed) {
      const shown = displayQr(qr);
      throw new NotFoundError(`Parent ${shown} is not on bill ${bill.billNumber}.`, "not_on_bill").say({ qr: shown, billNumber: bill.billNumber }, "bills_not_on_bill");
    }
    return {
      set: PARENT_LEFT,
      audit: { action: "bill_parent_removed", fields: PARENT_FIELDS, details: { parentQr: qr, bagId: removed.bagId } },
      answer: async (conn, after) => ({ result: "removed", parentQr: qr, ...(await countsNow(conn, after)) }),
    };
  });
}
