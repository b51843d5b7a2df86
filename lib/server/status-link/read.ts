import "server-only";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { billBags, bills, gatePasses } from "@/db/schema";
import type { PublicBillStatus } from "@/lib/dto/status-link";
import { publicLoadStateOf } from "@/lib/status-link";
import { weighTallies } from "@/lib/weights";
import { tallyBills } from "../bills/tallies";

// The public status link's one read. Each query names the few columns the public may see (never a
// whole row, never a join to users or customers), so a column added later cannot leak through it.

/** When the bill's truck left: its admitted gate pass's use (the newest, should there be more). */
async function leftGateAt(db: Db, billId: number): Promise<Date | null> {
  const [row] = await db
    .select({ usedAt: gatePasses.usedAt })
    .from(gatePasses)
    .where(and(eq(gatePasses.billId, billId), isNotNull(gatePasses.usedAt)))
    .orderBy(desc(gatePasses.usedAt))
    .limit(1);
  return row?.usedAt ?? null;
}

/** Bill `billId` as its public status link shows it; null when there is no such bill (deleted). */
export async function readPublicStatus(db: Db, billId: number, expiresAt: Date, now: Date = new Date()): Promise<PublicBillStatus | null> {
  const [bill] = await db
    .select({ billNumber: bills.billNumber, status: bills.status, dispatchedAt: bills.dispatchedAt })
    .from(bills)
    .where(eq(bills.id, billId))
    .limit(1);
  if (!bill) return null;
  const weights = weighTallies((await tallyBills(db, eq(billBags.billId, billId))).get(billId) ?? []);
  const dispatched = bill.status === "dispatched";
  return {
    billNumber: bill.billNumber,
    dispatched,
    dispatchedAt: dispatched ? ((await leftGateAt(db, billId)) ?? bill.dispatchedAt) : null,
    state: publicLoadStateOf(bill.status),
    parents: weights.parentCount,
    weightKg: weights.actualKg,
    asOf: now,
    expiresAt,
  };
}
