import "server-only";
import { billCustomerName } from "../customers/resolve";
import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bags, billBags, bills, users } from "@/db/schema";
import { toBillSnapshot } from "@/lib/bill-station";
import type { BillDetail, BillSnapshotResult } from "@/lib/dto/bills";
import { billNumberProblem, normalizeBillNumber } from "@/lib/schemas/bills";
import { computeWeights } from "@/lib/weights";
import { parentView } from "./bill-counts";
import { billNotFound, billNumberIs } from "./bill-number";

const billColumns = {
  id: bills.id,
  billNumber: bills.billNumber,
  capacity: bills.capacity,
  status: bills.status,
  description: bills.description,
  customer: billCustomerName(bills.customerId),
  vehicleNumber: bills.vehicleNumber,
  linkedCount: bills.linkedCount,
  createdAt: bills.createdAt,
  createdBy: users.username,
  completedAt: bills.completedAt,
};

/** One bill with its parents (newest first) and weights from those parents; null if unknown. */
export async function readBillDetail(conn: Db | Tx, where: { billNumber: string } | { id: number }): Promise<BillDetail | null> {
  const [row] = await conn
    .select(billColumns)
    .from(bills)
    .leftJoin(users, eq(users.id, bills.createdBy))
    .where("id" in where ? eq(bills.id, where.id) : billNumberIs(where.billNumber))
    .limit(1);
  if (!row) return null;
  const { id, ...bill } = row;
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
    .where(eq(billBags.billId, id))
    .orderBy(desc(billBags.createdAt), desc(billBags.id));
  const weights = computeWeights(parentRows);
  return {
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

/** A bill with its parents, counts, weights and status (GET /api/bills/[billNumber]); null if unknown. */
export async function getBill(db: Db, rawBillNumber: string): Promise<BillDetail | null> {
  const billNumber = normalizeBillNumber(rawBillNumber);
  if (billNumberProblem(billNumber)) return null;
  return readBillDetail(db, { billNumber });
}

/** getBill for a caller that answers 404 bill_not_found when there is no such bill. */
export async function requireBill(db: Db, rawBillNumber: string): Promise<BillDetail> {
  const detail = await getBill(db, rawBillNumber);
  if (!detail) throw billNotFound(normalizeBillNumber(rawBillNumber));
  return detail;
}

/** The bill station's snapshot of a bill as it now is (after a remove, complete or reopen). */
export async function billSnapshot(db: Db, billNumber: string): Promise<BillSnapshotResult> {
  return { snapshot: toBillSnapshot(await requireBill(db, billNumber)) };
}
