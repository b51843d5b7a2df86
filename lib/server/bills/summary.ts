import "server-only";
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { billBags, bills, users } from "@/db/schema";
import type { BillSummary } from "@/lib/dto/bills";
import { BILL_STATUSES, type BillStatus } from "@/lib/domain";
import { BillSummaryRange } from "@/lib/schemas/bills";
import { istDayBounds } from "@/lib/time";
import { weighTallies, type ParentTally } from "@/lib/weights";
import { parseInput } from "../validation";
import { tallyBills, weightsOf } from "./tallies";

/** Rows a report page (or a non-streaming CSV) holds at most; totals always cover the whole range. */
export const BILL_SUMMARY_MAX_ROWS = 5000;

/**
 * Bills created on the IST days from..to (inclusive), oldest first, each with its counts and
 * weights, plus totals. One read-only snapshot, so rows and totals agree.
 */
export async function billSummary(db: Db, rawRange: { from: string; to: string }): Promise<BillSummary> {
  const range = parseInput(BillSummaryRange, rawRange);
  const start = istDayBounds(range.from)?.start;
  const end = istDayBounds(range.to)?.end;
  if (!start || !end) throw new Error("validated IST days did not resolve");
  const inRange = and(gte(bills.createdAt, start), lt(bills.createdAt, end));

  return db.transaction(
    async (tx) => {
      const { rows, tallies } = await weighedBills(tx, inRange, BILL_SUMMARY_MAX_ROWS + 1);
      return {
        from: range.from,
        to: range.to,
        truncated: rows.length > BILL_SUMMARY_MAX_ROWS,
        rows: rows.slice(0, BILL_SUMMARY_MAX_ROWS).map((r) => ({
          billNumber: r.billNumber,
          createdAt: r.createdAt,
          createdBy: r.createdBy,
          status: r.status,
          capacity: r.capacity,
          parentCount: r.parentCount,
          childCount: r.childCount,
          actualWeightKg: r.actualWeightKg,
          expectedWeightKg: r.expectedWeightKg,
          varianceKg: r.varianceKg,
          completionPct: Math.min(100, Math.floor((r.parentCount / r.capacity) * 100)),
        })),
        totals: await totalsOf(tx, inRange, tallies),
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/**
 * Bills created in `inRange`, oldest first (at most `limit`), each with its counts and weights
 * from its parents as they are now; the tallies cover every bill of the range (for totals).
 * The bill summary report and the end-of-day summary both list bills this way.
 */
export async function weighedBills(tx: Tx, inRange: SQL | undefined, limit?: number) {
  const query = tx
    .select({
      id: bills.id,
      billNumber: bills.billNumber,
      createdAt: bills.createdAt,
      createdBy: users.username,
      status: bills.status,
      capacity: bills.capacity,
      parentCount: bills.linkedCount,
    })
    .from(bills)
    .leftJoin(users, eq(users.id, bills.createdBy))
    .where(inRange)
    .orderBy(asc(bills.createdAt), asc(bills.id))
    .$dynamic();
  const rows = await (limit === undefined ? query : query.limit(limit));
  const tallies = await tallyBills(tx, inArray(billBags.billId, tx.select({ id: bills.id }).from(bills).where(inRange)));
  return { rows: rows.map((r) => ({ ...r, ...weightsOf(tallies, r.id) })), tallies };
}

/** Totals weigh every parent of every bill in the range, also past the row cap. */
async function totalsOf(tx: Tx, inRange: SQL | undefined, tallies: Map<number, ParentTally[]>): Promise<BillSummary["totals"]> {
  const statusRows = await tx
    .select({ status: bills.status, n: sql<number>`count(*)::int` })
    .from(bills)
    .where(inRange)
    .groupBy(bills.status);
  const byStatus = Object.fromEntries(BILL_STATUSES.map((s) => [s, 0])) as Record<BillStatus, number>;
  for (const r of statusRows) byStatus[r.status] = r.n;
  const total = weighTallies([...tallies.values()].flat());
  return {
    bills: BILL_STATUSES.reduce((n, s) => n + byStatus[s], 0),
    byStatus,
    parents: total.parentCount,
    children: total.childCount,
    actualWeightKg: total.actualKg,
    expectedWeightKg: total.expectedKg,
    varianceKg: total.varianceKg,
  };
}
