import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bags, billBags } from "@/db/schema";
import type { ParentKind } from "@/lib/qr";
import { weighTallies, type ParentTally } from "@/lib/weights";

// The same `M444-` prefix test as parentKindOf in lib/qr.
export const isM444 = sql<boolean>`upper(${bags.qr}) like 'M444-%'`;

/**
 * Parents per bill and kind, counted in SQL so lists and reports never ship parent rows;
 * `where` selects the bill_bags rows (e.g. inArray(billBags.billId, ids)).
 */
export async function tallyBills(conn: Db | Tx, where: SQL | undefined): Promise<Map<number, ParentTally[]>> {
  const rows = await conn
    .select({
      billId: billBags.billId,
      m444: isM444,
      parentCount: sql<number>`count(*)::int`,
      childCount: sql<number>`coalesce(sum(${bags.childCount}), 0)::int`,
    })
    .from(billBags)
    .innerJoin(bags, eq(bags.id, billBags.bagId))
    .where(where)
    .groupBy(billBags.billId, isM444);
  const byBill = new Map<number, ParentTally[]>();
  for (const r of rows) {
    const kind: ParentKind = r.m444 ? "M444" : "SB";
    const list = byBill.get(r.billId) ?? [];
    list.push({ kind, parentCount: r.parentCount, childCount: r.childCount });
    byBill.set(r.billId, list);
  }
  return byBill;
}

/** A bill's child count and weights from its tallies (none → an empty bill). */
export function weightsOf(tallies: Map<number, ParentTally[]>, billId: number) {
  const w = weighTallies(tallies.get(billId) ?? []);
  return { childCount: w.childCount, actualWeightKg: w.actualKg, expectedWeightKg: w.expectedKg, varianceKg: w.varianceKg };
}
