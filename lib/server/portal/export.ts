import "server-only";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { Transform } from "node:stream";
import { PORTAL_COLUMN_LABELS, type PortalBillRow } from "@/lib/dto/portal";
import { CSV_BOM, csvRow } from "@/lib/csv";
import { firstValues, type QueryParams } from "@/lib/schemas/filters";
import { PortalFilters } from "@/lib/schemas/portal";
import { istDay, istStamp, istWallClock } from "@/lib/time";
import { audit } from "../audit";
import { csvByteStream } from "../csv-stream";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { cursorBatches } from "./cursor-read";
import { resolveGrid, type PortalGrid } from "./list";
import { gridOrder, gridWhere, ROW_COLUMNS, rowOf, type PortalRowSql } from "./query";
import { portalRead } from "./read";
import { portalScopeOf } from "./scope";

// The grid's exports (DESIGN.md §6b): every row of the filtered, sorted set, in the grid's order,
// streamed from one server-side cursor so 100k rows take as little memory as 1k.

export type PortalExportFormat = "xlsx" | "csv";
export const PORTAL_EXPORT_BATCH = 1000;

interface ExportColumn {
  header: string;
  width: number;
  kind: "text" | "number" | "time";
  value: (r: PortalBillRow) => string | number | null;
}

const L = PORTAL_COLUMN_LABELS;
/** The grid's columns in its default order, the customer's code beside its name. */
export const EXPORT_COLUMNS: ExportColumn[] = [
  { header: L.billNumber, width: 18, kind: "text", value: (r) => r.billNumber },
  { header: `${L.createdAt} (IST)`, width: 17, kind: "time", value: (r) => r.createdAt },
  { header: L.customer, width: 28, kind: "text", value: (r) => r.customerName },
  { header: "Customer code", width: 14, kind: "text", value: (r) => r.customerCode },
  { header: L.status, width: 12, kind: "text", value: (r) => r.status },
  { header: L.parentCount, width: 9, kind: "number", value: (r) => r.parentCount },
  { header: L.childCount, width: 9, kind: "number", value: (r) => r.childCount },
  { header: L.expectedWeightKg, width: 12, kind: "number", value: (r) => r.expectedWeightKg },
  { header: L.actualWeightKg, width: 10, kind: "number", value: (r) => r.actualWeightKg },
  { header: L.vehicleNumber, width: 14, kind: "text", value: (r) => r.vehicleNumber },
  { header: `${L.gatePassAt} (IST)`, width: 17, kind: "time", value: (r) => r.gatePassAt },
];

/** tracetrack-bills-20260331.xlsx (the IST day of the download). */
export function portalExportFilename(format: PortalExportFormat, now = new Date()): string {
  return `tracetrack-bills-${istDay(now).replaceAll("-", "")}.${format}`;
}

/** The rows of the grid's whole set in its order, in batches from one cursor (see cursorBatches). */
async function* gridBatches(ctx: ServiceContext, grid: PortalGrid): AsyncGenerator<PortalBillRow[]> {
  const { sort, dir } = grid.filters;
  const query = sql`select ${ROW_COLUMNS} from portal_bills as pb
                     where ${gridWhere(grid.scope, grid.filters, grid.customerId)}
                     order by ${gridOrder(sort, dir)}`;
  for await (const rows of cursorBatches<PortalRowSql>(ctx.db, query, PORTAL_EXPORT_BATCH)) yield rows.map(rowOf);
}

/** Counts the rows as they pass and files one `portal_exported` entry when the download ends (or stops). */
async function* audited(ctx: ServiceContext, grid: PortalGrid, format: PortalExportFormat): AsyncGenerator<PortalBillRow[]> {
  let rows = 0;
  let complete = false;
  try {
    for await (const batch of gridBatches(ctx, grid)) {
      rows += batch.length;
      yield batch;
    }
    complete = true;
  } finally {
    const { q, customer, status, from, to, sort, dir, as } = grid.filters;
    await audit(ctx.db, ctx, {
      action: "portal_exported",
      entityType: "portal",
      details: { format, rows, complete, filters: { q, customer, status, from, to, sort, dir, as } },
    }).catch((err: unknown) => console.error("[portal export] audit failed", err));
  }
}

async function* csvLines(batches: AsyncGenerator<PortalBillRow[]>): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(EXPORT_COLUMNS.map((c) => c.header));
  for await (const batch of batches) {
    let chunk = "";
    for (const r of batch) chunk += csvRow(EXPORT_COLUMNS.map((c) => (c.kind === "time" ? stampOf(c.value(r)) : c.value(r))));
    yield chunk;
  }
}
const stampOf = (v: string | number | null) => (typeof v === "string" ? istStamp(v) : "");

/** Unread XLSX bytes above which the writer waits for the client (flat memory). */
const XLSX_BUFFER_BYTES = 64 * 1024;
/** How long the writer waits for a batch's bytes to come out of the zip before writing on anyway. */
const XLSX_SETTLE_MS = 250;

/**
 * The workbook through exceljs's streaming writer: bold frozen header with an auto-filter, column
 * widths, IST dates as real dates, numbers as numbers. exceljs pushes rows into its zip without
 * back-pressure, so after each batch the writer waits until the zip has passed bytes on (it keeps
 * up) and the client has left fewer than XLSX_BUFFER_BYTES unread: a slow client holds the
 * cursor, not memory.
 */
function xlsxStream(batches: AsyncGenerator<PortalBillRow[]>): ReadableStream<Uint8Array> {
  let zipped = 0;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const out = new Transform({
    highWaterMark: XLSX_BUFFER_BYTES,
    transform(chunk: Buffer, _encoding, done) {
      zipped += chunk.length;
      done(null, chunk);
      signal();
    },
  });
  const chunks = out[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let cancelled = false;
  const settled = async (before: number) => {
    const since = Date.now();
    for (;;) {
      if (cancelled) return;
      const flowed = zipped > before || Date.now() - since > XLSX_SETTLE_MS;
      if (flowed && out.readableLength + out.writableLength <= XLSX_BUFFER_BYTES / 2) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };

  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = "TraceTrack";
    const sheet = workbook.addWorksheet("Bills", { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = EXPORT_COLUMNS.map((c, i) => ({
      header: c.header,
      key: `c${i}`,
      width: c.width,
      ...(c.kind === "time" ? { style: { numFmt: "dd-mm-yyyy hh:mm" } } : c.kind === "number" ? { style: { numFmt: "0" } } : {}),
    }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
    for await (const batch of batches) {
      const before = zipped;
      for (const r of batch) {
        sheet.addRow(EXPORT_COLUMNS.map((c) => (c.kind === "time" ? timeOf(c.value(r)) : c.value(r)))).commit();
      }
      await settled(before);
      // Leaving the loop returns the generator: the cursor's transaction ends, the audit is filed.
      if (cancelled) return;
    }
    sheet.commit();
    await workbook.commit();
  };
  void write().catch((err: unknown) => {
    console.error("[portal xlsx] export failed part-way", err);
    out.destroy(err instanceof Error ? err : new Error("xlsx export failed"));
  });

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        signal();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      } catch (err) {
        controller.error(err);
      }
    },
    cancel() {
      // The writer leaves its loop at the next batch, which ends the cursor and files the audit.
      cancelled = true;
      signal();
      out.destroy();
    },
  });
}
const timeOf = (v: string | number | null) => (typeof v === "string" ? istWallClock(v) : null);

/**
 * GET /api/portal/bills/export.xlsx|.csv: the grid's query (its filters, search and sort; no
 * cursor or limit) as a download of every row. The query, the scope and the customer filter are
 * checked before the first byte, so bad input is a 400 JSON answer, never a broken file.
 */
export async function portalExportResponse(ctx: ServiceContext, params: QueryParams, format: PortalExportFormat): Promise<Response> {
  const filters = parseInput(PortalFilters, firstValues(params));
  const scope = await portalScopeOf(ctx, filters.as);
  const grid = await portalRead(ctx.db, (tx) => resolveGrid(tx, scope, filters));
  const batches = audited(ctx, grid, format);
  const body = format === "xlsx" ? xlsxStream(batches) : csvByteStream(csvLines(batches), "portal csv");
  return new Response(body, {
    headers: {
      "Content-Type": format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${portalExportFilename(format)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
