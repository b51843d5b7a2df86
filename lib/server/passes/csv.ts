import "server-only";
import { CSV_CONTENT_TYPE, downloadResponse } from "../http";
import { csvByteStream } from "../csv-stream";
import { and, desc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatePasses } from "@/db/schema";
import { CSV_BOM, csvRow } from "@/lib/csv";
import { PASS_STATUS_LABELS } from "@/lib/passes";
import { firstValues } from "@/lib/schemas/filters";
import { PassFilters } from "@/lib/schemas/passes";
import { istDay, istStamp } from "@/lib/time";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { assertMayManagePasses } from "./issue";
import { passFilterConditions } from "./list";
import { passDtosOf, selectPasses, type PassRow } from "./read";

export const PASS_CSV_BATCH = 500;

const HEADER = [
  "Pass code",
  "Status",
  "Bill number",
  "Customer / destination",
  "Vehicle",
  "Driver",
  "Driver phone",
  "Co-driver",
  "Co-driver phone",
  "Valid from (IST)",
  "Valid until (IST)",
  "Issued (IST)",
  "Issued by",
  "Printed",
  "Used (IST)",
  "Used by",
  "Revoked (IST)",
  "Revoked by",
  "Revoke reason",
  "Parent bags",
  "Child bags",
  "Actual kg",
  "Notes",
];

/** tracetrack-passes-2026-12-01.csv, or …-2026-11-01-to-2026-11-30.csv for a date range. */
export function passCsvFilename(f: Pick<PassFilters, "from" | "to">, now = new Date()): string {
  const from = f.from ?? f.to;
  const to = f.to ?? f.from;
  if (!from || !to) return `tracetrack-passes-${istDay(now)}.csv`;
  return from === to ? `tracetrack-passes-${from}.csv` : `tracetrack-passes-${from}-to-${to}.csv`;
}

type Cursor = { at: string; id: number };

/**
 * The filtered pass list as CSV lines, newest first like the list (the cursor ignored: the file
 * is the whole filtered list). Keyset batches of PASS_CSV_BATCH, separate reads, so memory stays
 * flat and no transaction is held while a slow client downloads. Every field goes through csvRow
 * (formula injection: a driver named "=HYPERLINK(…)" stays text).
 */
export async function* passListCsv(db: Db, filters: PassFilters, now = new Date()): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(HEADER);
  const conditions = passFilterConditions(filters, now);
  let after: Cursor | null = null;
  for (;;) {
    const rows: PassRow[] = await selectPasses(
      db,
      and(...conditions, after ? sql`(${gatePasses.createdAt}, ${gatePasses.id}) < (${after.at}::timestamptz, ${after.id})` : undefined),
    )
      .orderBy(desc(gatePasses.createdAt), desc(gatePasses.id))
      .limit(PASS_CSV_BATCH);
    if (rows.length === 0) break;
    const passes = await passDtosOf(db, rows, { withPayload: false, now });
    let chunk = "";
    for (const p of passes) {
      chunk += csvRow([
        p.code,
        PASS_STATUS_LABELS[p.status],
        p.billNumber,
        p.bill.customer,
        p.vehicleNumber,
        p.driverName,
        p.driverPhone,
        p.coDriverName,
        p.coDriverPhone,
        istStamp(p.validFrom),
        istStamp(p.validUntil),
        istStamp(p.createdAt),
        p.issuedBy,
        p.printCount,
        p.usedAt ? istStamp(p.usedAt) : "",
        p.usedBy,
        p.revokedAt ? istStamp(p.revokedAt) : "",
        p.revokedBy,
        p.revokeReason,
        p.bill.linkedCount,
        p.bill.childCount,
        p.bill.actualWeightKg,
        p.notes,
      ]);
    }
    yield chunk;
    if (rows.length < PASS_CSV_BATCH) break;
    const last = rows[rows.length - 1];
    if (!last) break;
    after = { at: last.cursorAt, id: last.id };
  }
}

/** passListCsv as a byte stream for a Response; pulls the next batch only when the client reads. */
export function passListCsvStream(db: Db, filters: PassFilters, now = new Date()): ReadableStream<Uint8Array> {
  return csvByteStream(passListCsv(db, filters, now), "passes csv");
}

/**
 * The pass list of `query` (the list page's filters: q, status, from, to) as a CSV download.
 * The filters are checked before the first byte: a bad search text is a 400 JSON answer (a bad
 * status, date or cursor is dropped, as on the page).
 */
export function passListCsvResponse(ctx: ServiceContext, query: URLSearchParams): Response {
  // The export belongs to the list page (billers, admins); the gate sees single passes only.
  assertMayManagePasses(ctx, "export");
  const filters = parseInput(PassFilters, firstValues(query));
  return downloadResponse(passListCsvStream(ctx.db, filters), passCsvFilename(filters), CSV_CONTENT_TYPE);
}

