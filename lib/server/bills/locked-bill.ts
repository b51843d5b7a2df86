import "server-only";
import { billCustomerName } from "../customers/resolve";
import { eq, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Tx } from "@/db/client";
import { bills } from "@/db/schema";
import { isBillFrozen, type BillStatus } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { audit, type AuditEntry } from "../audit";
import type { Actor, ServiceContext } from "../service";
import { inTransaction, type ConstraintErrors } from "../db-errors";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { countedTransaction } from "../stats/bump";
import type { StatsChange } from "../stats/change";
import { billNotFound, billNumberIs } from "./bill-number";

export function assertMayManageBills(actor: Actor): void {
  if (!can(actor.role, "bills:manage")) throw new ForbiddenError("Only billers and admins can work on bills.").say({}, "bills_forbidden_manage");
}

/** Races the checks under the lock did not foresee but the database refused: the right 409/404, not a 500. */
export const BILL_CONSTRAINTS: ConstraintErrors = {
  bills_number_ci_unique: () => new ConflictError("duplicate_bill", "A bill with this number already exists.").say({}, "bills_duplicate_race"),
  bill_bags_bag_unique: () => new ConflictError("on_other_bill", "That parent bag was just put on another bill.").say({}, "bills_on_other_bill_race"),
  bill_bags_bag_fk: () => new NotFoundError("That parent bag no longer exists.", "parent_not_found").say({}, "bills_parent_gone"),
};

const lockedColumns = {
  id: bills.id,
  billNumber: bills.billNumber,
  capacity: bills.capacity,
  status: bills.status,
  linkedCount: bills.linkedCount,
  description: bills.description,
  customer: billCustomerName(bills.customerId),
  vehicleNumber: bills.vehicleNumber,
  completedAt: bills.completedAt,
};

/** Which bill a change is for: by number, or by id once known. */
export type BillRef = { billNumber: string; id?: number };

/**
 * Locks the bill row (by id when known, else by number) until commit. Every change to a bill's
 * bags or state takes this lock first, so linked_count, status and bill_bags move together.
 */
async function lockBill(tx: Tx, ref: BillRef) {
  const row = await lockBillWhere(tx, ref.id === undefined ? billNumberIs(ref.billNumber) : eq(bills.id, ref.id));
  if (!row) throw billNotFound(ref.billNumber);
  return row;
}

async function lockBillWhere(tx: Tx, where: SQL) {
  const [row] = await tx.select(lockedColumns).from(bills).where(where).limit(1).for("update");
  return row;
}

/** The bill row as a change sees it, locked until commit. */
export type LockedBill = NonNullable<Awaited<ReturnType<typeof lockBillWhere>>>;

/**
 * The bill `billId` locked as every bill change locks it (returns, bag deletion), or null when it
 * is gone (the caller decides what a deleted bill means).
 */
export async function lockBillById(tx: Tx, billId: number): Promise<LockedBill | null> {
  return (await lockBillWhere(tx, eq(bills.id, billId))) ?? null;
}

/**
 * The bill row's change when one parent leaves it: a processing bill left with none is `new`
 * again; a completed or dispatched one (a return) keeps its status.
 */
export const PARENT_LEFT = {
  linkedCount: sql`${bills.linkedCount} - 1`,
  status: sql`case when ${bills.status} = 'processing' and ${bills.linkedCount} - 1 = 0 then 'new' else ${bills.status} end`,
};

/** The bill row's change when one parent goes on it: a `new` bill is processing; a completed one (a cancelled return) stays completed. */
export const PARENT_JOINED = {
  linkedCount: sql`${bills.linkedCount} + 1`,
  status: sql`case when ${bills.status} = 'new' then 'processing' else ${bills.status} end`,
};

/** What a change to a frozen bill was for, as its refusal says it ("reopen it to add bags"). */
const FROZEN_CHANGE = {
  add: { words: "add bags", key: "bills_completed_add" },
  remove: { words: "remove bags", key: "bills_completed_remove" },
  edit: { words: "change it", key: "bills_completed_edit" },
} as const;

export function assertNotCompleted(bill: LockedBill, change: keyof typeof FROZEN_CHANGE): void {
  const { billNumber } = bill;
  if (bill.status === "dispatched") {
    // Terminal: the truck has left through the gate with exactly these bags.
    throw new ConflictError("bill_dispatched", `Bill ${billNumber} has been dispatched through the gate; it can no longer be changed.`).say({ billNumber }, "bills_dispatched_locked");
  }
  if (isBillFrozen(bill.status)) {
    const { words, key } = FROZEN_CHANGE[change];
    throw new ConflictError("bill_completed", `Bill ${billNumber} is completed; reopen it to ${words}.`).say({ billNumber }, key);
  }
}

/** The audit row of a change to bill `billId`, filed under the context's actor and request. */
export function auditBill(tx: Tx, ctx: ServiceContext, billId: number, entry: Omit<AuditEntry, "entityType" | "entityId">): Promise<void> {
  return audit(tx, ctx, { ...entry, entityType: "bill", entityId: billId });
}

/** A column a change may move; the audit row shows these before and after. */
export type BillField = Exclude<keyof LockedBill, "id" | "billNumber">;

/** A change to the locked bill row: what to set, what its audit row says, and the answer. */
export interface BillUpdate<R> {
  set: PgUpdateSetSource<typeof bills>;
  audit: { action: string; fields: readonly BillField[]; details?: Record<string, unknown> };
  /** The verb's answer, from the row as it now is (still inside the transaction). */
  answer: (tx: Tx, after: LockedBill) => Promise<R>;
}

/** A verb that decided without updating the row: its answer, and where the bill's status went (deleted: null). */
export interface BillDecided<R> {
  done: R;
  status?: BillStatus | null;
}

const pick = (row: LockedBill, fields: readonly BillField[]) => Object.fromEntries(fields.map((f) => [f, row[f]]));

/**
 * The one skeleton of a change to a bill, in one transaction: lock the row, let `decide` check
 * (and write bill_bags), update the row, count the status move, audit before/after, answer.
 * Counters move only after the commit; a refused constraint becomes its 409/404.
 */
export async function applyBillChange<R>(
  ctx: ServiceContext,
  ref: BillRef,
  decide: (tx: Tx, bill: LockedBill) => Promise<BillUpdate<R> | BillDecided<R>>,
): Promise<R> {
  // A deadlock PostgreSQL broke (a scan holding a parent that re-checks its bill) runs it again.
  return countedTransaction(ctx.db, (stats) => applyBillChangeOnce(ctx, ref, decide, stats));
}

async function applyBillChangeOnce<R>(
  ctx: ServiceContext,
  ref: BillRef,
  decide: (tx: Tx, bill: LockedBill) => Promise<BillUpdate<R> | BillDecided<R>>,
  stats: StatsChange,
): Promise<R> {
  return inTransaction(ctx.db, BILL_CONSTRAINTS, async (tx) => {
    const bill = await lockBill(tx, ref);
    const change = await decide(tx, bill);
    if (!("set" in change)) {
      if (change.status !== undefined) stats.billStatus(bill.status, change.status);
      return change.done;
    }
    const [after] = await tx
      .update(bills)
      .set({ ...change.set, updatedAt: sql`now()` })
      .where(eq(bills.id, bill.id))
      .returning(lockedColumns);
    if (!after) throw new Error(`locked bill ${bill.id} could not be updated`);
    stats.billStatus(bill.status, after.status);
    const { action, fields, details } = change.audit;
    await auditBill(tx, ctx, bill.id, {
      action,
      before: pick(bill, fields),
      after: pick(after, fields),
      details: { billNumber: bill.billNumber, ...details },
    });
    return change.answer(tx, after);
  });
}
