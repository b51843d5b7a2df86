import "server-only";
import { eq, sql } from "drizzle-orm";
import { reusableQuery, type Db, type Tx } from "@/db/client";
import { bags, billBags } from "@/db/schema";
import type { BillCounts, ParentOnBill } from "@/lib/dto/bills";
import { parentKindOf, parentSpecOf } from "@/lib/qr";
import { computeWeights, type Weights } from "@/lib/weights";

/** The bill's parents as they are now, weighed (never a stored weight). */
export async function weighBill(conn: Db | Tx, billId: number): Promise<Weights> {
  return computeWeights(await billParentCounts.run(conn, { billId }));
}

// Read by every bill answer and the gate scan: rendered once (reusableQuery).
const billParentCounts = reusableQuery((conn: Db | Tx) =>
  conn
    .select({ qr: bags.qr, childCount: bags.childCount })
    .from(billBags)
    .innerJoin(bags, eq(bags.id, billBags.bagId))
    .where(eq(billBags.billId, sql.placeholder("billId"))),
);

export function countsOf(
  bill: { billNumber: string; status: BillCounts["status"]; linkedCount: number; capacity: number },
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

/** A bill's counts with its parents weighed as they are now. */
export async function countsNow(conn: Db | Tx, bill: Parameters<typeof countsOf>[0] & { id: number }): Promise<BillCounts> {
  return countsOf(bill, await weighBill(conn, bill.id));
}

/** A parent bag as a bill shows it; a bag without a stored capacity takes its kind's. */
export function parentView(bag: { qr: string; childCount: number; capacity: number | null }): ParentOnBill {
  const capacity = bag.capacity ?? parentSpecOf(bag.qr).capacity;
  return { qr: bag.qr, type: parentKindOf(bag.qr), childCount: bag.childCount, capacity, partial: bag.childCount < capacity };
}
