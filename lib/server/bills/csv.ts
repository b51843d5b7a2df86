import "server-only";
import { CSV_CONTENT_TYPE, downloadResponse } from "../http";
import { billCustomerName } from "../customers/resolve";
import { csvByteStream } from "../csv-stream";
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { keysetCursorAt, type Db } from "@/db/client";
import { billBags, bills, users } from "@/db/schema";
import { CSV_BOM, csvRow } from "@/lib/csv";
import { BillSummaryRange, reportRangeOf } from "@/lib/schemas/bills";
import { istDayBounds, istStamp } from "@/lib/time";
import { weighTallies, type ParentTally } from "@/lib/weights";
import { parseInput } from "../validation";
import { tallyBills, weightsOf } from "./tallies";

export const BILL_CSV_BATCH = 500;

const HEADER = [
  "Bill number",
  "Created (IST)",
  "Created by",
  "Status",
  "Customer / destination",
  "Vehicle",
  "Capacity",
  "Parent bags",
  "Child bags",
  "Actual kg",
  "Expected kg",
  "Variance kg",
  "Completion %",
];

/** The file name for a range: tracetrack-bills-2025-03-01-to-2025-03-31.csv */
export function billCsvFilename(range: { from: string; to: string }): string {
  return `tracetrack-bills-${range.from}-to-${range.to}.csv`;
}

type Cursor = { at: string; id: number };

/** The next bills of the range after `after`, oldest first. */
function readBatch(db: Db, start: Date, end: Date, after: Cursor | null) {
  return db
    .select({
      id: bills.id,
      billNumber: bills.billNumber,
      createdAt: bills.createdAt,
      cursorAt: keysetCursorAt(bills.createdAt),
      createdBy: users.username,
      status: bills.status,
      customer: billCustomerName(bills.customerId),
      vehicleNumber: bills.vehicleNumber,
      capacity: bills.capacity,
      linkedCount: bills.linkedCount,
    })
    .from(bills)
    .leftJoin(users, eq(users.id, bills.createdBy))
    .where(
      and(
        gte(bills.createdAt, start),
        lt(bills.createdAt, end),
        after ? sql`(${bills.createdAt}, ${bills.id}) > (${after.at}::timestamptz, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(bills.createdAt), asc(bills.id))
    .limit(BILL_CSV_BATCH);
}

/**
 * The bill summary of BillSummaryRange as CSV lines, oldest bill first, then a totals line.
 * Reads keyset batches of BILL_CSV_BATCH bills, so memory stays flat however long the range;
 * batches are separate reads (no transaction held open while a slow client downloads).
 */
export async function* billSummaryCsv(db: Db, rawRange: { from: string; to: string }): AsyncGenerator<string> {
  const range = parseInput(BillSummaryRange, rawRange);
  const start = istDayBounds(range.from)?.start;
  const end = istDayBounds(range.to)?.end;
  if (!start || !end) throw new Error("validated IST days did not resolve");

  yield CSV_BOM + csvRow(HEADER);
  const all: ParentTally[] = [];
  let count = 0;
  let after: Cursor | null = null;
  for (;;) {
    const rows = await readBatch(db, start, end, after);
    if (rows.length === 0) break;
    const tallies = await tallyBills(db, inArray(billBags.billId, rows.map((r) => r.id)));
    let chunk = "";
    for (const r of rows) {
      const w = weightsOf(tallies, r.id);
      chunk += csvRow([
        r.billNumber,
        istStamp(r.createdAt),
        r.createdBy,
        r.status,
        r.customer,
        r.vehicleNumber,
        r.capacity,
        r.linkedCount,
        w.childCount,
        w.actualWeightKg,
        w.expectedWeightKg,
        w.varianceKg,
        Math.min(100, Math.floor((r.linkedCount / r.capacity) * 100)),
      ]);
      all.push(...(tallies.get(r.id) ?? []));
    }
    count += rows.length;
    yield chunk;
    const last = rows[rows.length - 1];
    if (!last || rows.length < BILL_CSV_BATCH) break;
    after = { at: last.cursorAt, id: last.id };
  }
  const t = weighTallies(all);
  yield csvRow([`TOTAL (${count} bills)`, "", "", "", "", "", "", t.parentCount, t.childCount, t.actualKg, t.expectedKg, t.varianceKg, ""]);
}

/** billSummaryCsv as a byte stream for a Response; pulls the next batch only when the client reads. */
export function billSummaryCsvStream(db: Db, range: { from: string; to: string }): ReadableStream<Uint8Array> {
  return csvByteStream(billSummaryCsv(db, range), "bills csv");
}

/**
 * The report of `query` (?from=&to=, IST days inclusive; default today) as a CSV download. The
 * range is checked before the first byte, so a bad one is a 400 JSON answer, not a broken file.
 */
export function billSummaryCsvResponse(db: Db, query: URLSearchParams): Response {
  const range = parseInput(BillSummaryRange, reportRangeOf(query.get("from") ?? undefined, query.get("to") ?? undefined));
  return downloadResponse(billSummaryCsvStream(db, range), billCsvFilename(range), CSV_CONTENT_TYPE);
}
