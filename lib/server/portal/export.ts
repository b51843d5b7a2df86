import "server-only";
import { sql } from "drizzle-orm";
import { PORTAL_COLUMN_LABELS, type PortalBillRow } from "@/lib/dto/portal";
import { firstValues, type QueryParams } from "@/lib/schemas/filters";
import { PortalFilters } from "@/lib/schemas/portal";
import { istDay, istWallClock } from "@/lib/time";
import { audit } from "../audit";
import { csvByteStream } from "../csv-stream";
import type { ExportColumn, RawCell } from "../exports/dataset";
import { csvLines } from "../exports/stream";
import { CSV_CONTENT_TYPE, downloadResponse } from "../http";
import { XLSX_CONTENT_TYPE, xlsxStream, type XlsxCell } from "../xlsx-stream";
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

const L = PORTAL_COLUMN_LABELS;
/** An ISO time → epoch ms (how a time column's cell is read, as in every export). */
const msOf = (iso: string | null) => (iso === null ? null : Date.parse(iso));
/** The grid's columns in its default order, the customer's code beside its name. */
export const EXPORT_COLUMNS: readonly ExportColumn<PortalBillRow>[] = [
  { header: L.billNumber, width: 18, kind: "text", value: (r) => r.billNumber },
  { header: `${L.createdAt} (IST)`, width: 17, kind: "time", value: (r) => msOf(r.createdAt) },
  { header: L.customer, width: 28, kind: "text", value: (r) => r.customerName },
  { header: "Customer code", width: 14, kind: "text", value: (r) => r.customerCode },
  { header: L.status, width: 12, kind: "text", value: (r) => r.status },
  { header: L.parentCount, width: 9, kind: "number", value: (r) => r.parentCount },
  { header: L.childCount, width: 9, kind: "number", value: (r) => r.childCount },
  { header: L.expectedWeightKg, width: 12, kind: "number", value: (r) => r.expectedWeightKg },
  { header: L.actualWeightKg, width: 10, kind: "number", value: (r) => r.actualWeightKg },
  { header: L.vehicleNumber, width: 14, kind: "text", value: (r) => r.vehicleNumber },
  { header: `${L.gatePassAt} (IST)`, width: 17, kind: "time", value: (r) => msOf(r.gatePassAt) },
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

/** The grid's rows as raw cells (times in epoch ms), in the columns' order. */
async function* cellsOf(batches: AsyncGenerator<PortalBillRow[]>): AsyncGenerator<RawCell[][]> {
  for await (const batch of batches) yield batch.map((r) => EXPORT_COLUMNS.map((c) => c.value(r)));
}

/** The grid's rows as the sheet's cells: IST dates as real dates, numbers as numbers (text as typed). */
async function* xlsxRows(batches: AsyncGenerator<RawCell[][]>): AsyncGenerator<XlsxCell[][]> {
  for await (const batch of batches) yield batch.map((cells) => cells.map((v, i) => (EXPORT_COLUMNS[i]?.kind === "time" ? timeOf(v) : v)));
}
const timeOf = (v: RawCell) => (typeof v === "number" ? istWallClock(new Date(v)) : null);

/**
 * GET /api/portal/bills/export.xlsx|.csv: the grid's query (its filters, search and sort; no
 * cursor or limit) as a download of every row. The query, the scope and the customer filter are
 * checked before the first byte, so bad input is a 400 JSON answer, never a broken file.
 */
export async function portalExportResponse(ctx: ServiceContext, params: QueryParams, format: PortalExportFormat): Promise<Response> {
  const filters = parseInput(PortalFilters, firstValues(params));
  const scope = await portalScopeOf(ctx, filters.as);
  const grid = await portalRead(ctx.db, (tx) => resolveGrid(tx, scope, filters));
  const cells = cellsOf(audited(ctx, grid, format));
  const body = format === "xlsx" ? xlsxStream("Bills", EXPORT_COLUMNS, xlsxRows(cells), "portal xlsx") : csvByteStream(csvLines(EXPORT_COLUMNS, cells), "portal csv");
  return downloadResponse(body, portalExportFilename(format), format === "xlsx" ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE);
}
