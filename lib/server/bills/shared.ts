import "server-only";
import { desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bags, billBags, bills, users } from "@/db/schema";
import type { BillStatus } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { classifyQr, displayQr, parentSpecOf } from "@/lib/qr";
import { billNumberProblem, normalizeBillNumber } from "@/lib/schemas/bills";
import { computeWeights, parentKindOfQr, type Weights } from "@/lib/weights";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import type { BillActor, BillCounts, BillDto, BillParentDto } from "./types";

export type Conn = Db | Tx;

export function assertMayManageBills(actor: BillActor): void {
  if (!can(actor.role, "bills:manage")) throw new ForbiddenError("Only billers and admins can work on bills.");
}

/** Matches the case-insensitive unique index bills_number_ci_unique. */
export function billNumberIs(billNumber: string): SQL {
  return sql`upper(${bills.billNumber}) = ${billNumber.toUpperCase()}`;
}

export function billNotFound(billNumber: string): NotFoundError {
  const shown = billNumber.length > 50 ? `${billNumber.slice(0, 50)}…` : billNumber;
  return new NotFoundError(`No bill ${JSON.stringify(shown.replace(/[^\x20-\x7e]/g, "?"))} was found.`, "bill_not_found");
}

/** A bill number from a path or a caller, normalized like input; one that cannot exist is not found. */
export function lookupBillNumber(raw: string): string {
  const billNumber = normalizeBillNumber(raw);
  if (billNumberProblem(billNumber)) throw billNotFound(billNumber);
  return billNumber;
}

/** The parent label in a scan, or invalid_qr / wrong_type saying what was scanned instead. */
export function requireParentQr(raw: string): string {
  const label = classifyQr(raw);
  if (label.kind === "invalid") throw new ValidationError(label.message, undefined, "invalid_qr");
  if (label.kind === "child") {
    throw new ConflictError(
      "wrong_type",
      `${displayQr(label.qr)} is a child label. Bills take parent bags: scan the parent label (SB12345 or M444-12345).`,
    );
  }
  return label.qr;
}

export interface LockedBill {
  id: number;
  billNumber: string;
  capacity: number;
  status: BillStatus;
  linkedCount: number;
  description: string | null;
  customer: string | null;
  vehicleNumber: string | null;
  completedAt: Date | null;
}

/**
 * Locks the bill row (by id when known, else by number) until commit. Every change to a bill's
 * bags or state takes this lock first, so linked_count, status and bill_bags move together.
 */
export async function lockBill(tx: Tx, where: { billNumber: string; id?: number }): Promise<LockedBill> {
  const [row] = await tx
    .select({
      id: bills.id,
      billNumber: bills.billNumber,
      capacity: bills.capacity,
      status: bills.status,
      linkedCount: bills.linkedCount,
      description: bills.description,
      customer: bills.customer,
      vehicleNumber: bills.vehicleNumber,
      completedAt: bills.completedAt,
    })
    .from(bills)
    .where(where.id === undefined ? billNumberIs(where.billNumber) : eq(bills.id, where.id))
    .limit(1)
    .for("update");
  if (!row) throw billNotFound(where.billNumber);
  return row;
}

export function assertNotCompleted(bill: LockedBill, what: string): void {
  if (bill.status === "completed") {
    throw new ConflictError("bill_completed", `Bill ${bill.billNumber} is completed; reopen it to ${what}.`);
  }
}

/** The bill's parents as weights need them. */
export async function weighBill(conn: Conn, billId: number): Promise<Weights> {
  const parents = await conn
    .select({ qr: bags.qr, childCount: bags.childCount })
    .from(billBags)
    .innerJoin(bags, eq(bags.id, billBags.bagId))
    .where(eq(billBags.billId, billId));
  return computeWeights(parents);
}

export function countsOf(
  bill: { billNumber: string; status: BillStatus; linkedCount: number; capacity: number },
  weights: Weights,
): BillCounts {
  return {
    billNumber: bill.billNumber,
    status: bill.status,
    linkedCount: bill.linkedCount,
    capacity: bill.capacity,
    childCount: weights.childCount,
    actualWeightKg: weights.actualKg,
    expectedWeightKg: weights.expectedKg,
    varianceKg: weights.varianceKg,
  };
}

/** A parent bag as a bill shows it. */
export function parentView(bag: { qr: string; childCount: number; capacity: number | null }) {
  const capacity = bag.capacity ?? parentSpecOf(bag.qr).capacity;
  return {
    qr: bag.qr,
    type: parentKindOfQr(bag.qr),
    childCount: bag.childCount,
    capacity,
    partial: bag.childCount < capacity,
  };
}

const billColumns = {
  id: bills.id,
  billNumber: bills.billNumber,
  capacity: bills.capacity,
  status: bills.status,
  description: bills.description,
  customer: bills.customer,
  vehicleNumber: bills.vehicleNumber,
  linkedCount: bills.linkedCount,
  createdAt: bills.createdAt,
  createdBy: users.username,
  completedAt: bills.completedAt,
};

/** One bill with its parents (newest first) and weights from those parents; null if unknown. */
export async function readBillDetail(
  conn: Conn,
  where: { billNumber: string } | { id: number },
): Promise<{ id: number; bill: BillDto; parents: BillParentDto[] } | null> {
  const [row] = await conn
    .select(billColumns)
    .from(bills)
    .leftJoin(users, eq(users.id, bills.createdBy))
    .where("id" in where ? eq(bills.id, where.id) : billNumberIs(where.billNumber))
    .limit(1);
  if (!row) return null;
  const parentRows = await conn
    .select({
      qr: bags.qr,
      childCount: bags.childCount,
      capacity: bags.capacity,
      addedAt: billBags.createdAt,
      addedBy: users.username,
    })
    .from(billBags)
    .innerJoin(bags, eq(bags.id, billBags.bagId))
    .leftJoin(users, eq(users.id, billBags.addedBy))
    .where(eq(billBags.billId, row.id))
    .orderBy(desc(billBags.createdAt), desc(billBags.id));
  const weights = computeWeights(parentRows);
  const { id, ...bill } = row;
  return {
    id,
    bill: {
      ...bill,
      childCount: weights.childCount,
      actualWeightKg: weights.actualKg,
      expectedWeightKg: weights.expectedKg,
      varianceKg: weights.varianceKg,
    },
    parents: parentRows.map((p) => ({ ...parentView(p), addedAt: p.addedAt, addedBy: p.addedBy })),
  };
}

/** The constraint a database error names, through Drizzle's wrapper (postgres.js and PGlite spell it differently). */
export function constraintOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth += 1) {
    const named = e as { constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof named.constraint_name === "string") return named.constraint_name;
    if (typeof named.constraint === "string") return named.constraint;
    e = named.cause;
  }
  return undefined;
}

/**
 * Runs a bill transaction; a race the code did not foresee but the database refused becomes the
 * right 409/404 instead of a 500 (the checks inside normally answer first).
 */
export async function inBillTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (err) {
    switch (constraintOf(err)) {
      case "bills_number_ci_unique":
        throw new ConflictError("duplicate_bill", "A bill with this number already exists.");
      case "bill_bags_bag_unique":
        throw new ConflictError("on_other_bill", "That parent bag was just put on another bill.");
      case "bill_bags_bag_fk":
        throw new NotFoundError("That parent bag no longer exists.", "parent_not_found");
      default:
        throw err;
    }
  }
}

/** A dynamic route segment, URL-decoded once; a malformed escape stays as sent (and then matches nothing). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
