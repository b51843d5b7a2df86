import "server-only";
import { CSV_CONTENT_TYPE, downloadResponse } from "../http";
import { CSV_BOM, csvRow, neutraliseFormula } from "@/lib/csv";
import { can, type Action } from "@/lib/permissions";
import type { QueryParams } from "@/lib/schemas/filters";
import type { ExportFormat, ExportWhat } from "@/lib/schemas/exports";
import { istStamp, istWallClock } from "@/lib/time";
import { audit } from "../audit";
import { cursorBatches } from "../cursor-read";
import { csvByteStream } from "../csv-stream";
import { ForbiddenError } from "../errors";
import type { ServiceContext } from "../service";
import { XLSX_CONTENT_TYPE, xlsxStream, type XlsxCell, type XlsxColumn } from "../xlsx-stream";
import { auditExport } from "./audit";
import { bagsExport } from "./bags";
import { billsExport } from "./bills";
import { prepareExport, type PreparedExport, type RawCell } from "./dataset";
import { linksExport } from "./links";
import { scansExport } from "./scans";

// GET /api/exports/<what>.<format> (DESIGN.md §6b, §7): every row of a dataset's filters, with no
// row cap, read through one server-side cursor in a READ ONLY transaction and written as it comes,
// so a million rows take the memory of one batch.

/**
 * Rows a FETCH brings: large enough that round trips cost little, small enough to stay flat. An
 * XLSX batch is smaller: exceljs zips a whole batch before the writer can wait for the client.
 */
export const EXPORT_BATCH: Record<ExportFormat, number> = { csv: 5000, xlsx: 1000 };

/** Who may export what: bills are the billing office's (bills:view), everything else admins'. */
export type ExportPermission = Extract<Action, "bills:view" | "data:import_export">;
export const EXPORT_PERMISSION: Record<ExportWhat, ExportPermission> = {
  bags: "data:import_export",
  links: "data:import_export",
  scans: "data:import_export",
  bills: "bills:view",
  audit: "data:import_export",
};

function prepare(ctx: ServiceContext, what: ExportWhat, params: QueryParams): PreparedExport {
  switch (what) {
    case "bags":
      return prepareExport(bagsExport, ctx.db, ctx.actor, params);
    case "links":
      return prepareExport(linksExport, ctx.db, ctx.actor, params);
    case "scans":
      return prepareExport(scansExport, ctx.db, ctx.actor, params);
    case "bills":
      return prepareExport(billsExport, ctx.db, ctx.actor, params);
    case "audit":
      return prepareExport(auditExport, ctx.db, ctx.actor, params);
  }
}

/** bags_20261201_1530.csv: the dataset and the IST minute of the download. */
export function exportFilename(what: ExportWhat, format: ExportFormat, now = new Date()): string {
  return `${what}_${istStamp(now).replace(/-/g, "").replace(" ", "_").replace(":", "")}.${format}`;
}

async function* cellBatches(ctx: ServiceContext, prepared: PreparedExport, format: ExportFormat): AsyncGenerator<RawCell[][]> {
  // CSV reads one batch ahead (the text keeps pace with the socket); XLSX asks batch by batch, as
  // exceljs's zip has no back-pressure of its own (xlsxStream paces it).
  const ahead = format === "csv";
  for await (const rows of cursorBatches(ctx.db, prepared.query, EXPORT_BATCH[format], undefined, undefined, ahead)) yield rows.map(prepared.cellsOf);
}

/** The CSV of `columns` (BOM, header, one line per row; times as IST minutes), a batch per chunk. */
export async function* csvLines(columns: readonly XlsxColumn[], batches: AsyncGenerator<RawCell[][]>): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(columns.map((c) => c.header));
  const times = columns.map((c) => c.kind === "time");
  const stampOf = minuteStamps();
  for await (const batch of batches) {
    let chunk = "";
    for (const cells of batch) {
      for (let i = 0; i < cells.length; i += 1) if (times[i]) cells[i] = stampOf(cells[i] ?? null);
      chunk += csvRow(cells);
    }
    yield chunk;
  }
}
/**
 * Epoch ms → "2026-12-01 15:30" (IST). Rows come newest first, so neighbours mostly share their
 * minute: the last minute's text is reused (a tenth of the CPU of a 1M-row export went here).
 */
function minuteStamps(): (v: RawCell) => string {
  let minute = Number.NaN;
  let text = "";
  return (v) => {
    if (typeof v !== "number") return "";
    const m = Math.floor(v / 60_000);
    if (m !== minute) {
      minute = m;
      text = istStamp(new Date(v));
    }
    return text;
  };
}

/** Text cells neutralised as the CSV's are (lib/csv), times as IST wall-clock dates. */
async function* xlsxRows(columns: readonly XlsxColumn[], batches: AsyncGenerator<RawCell[][]>): AsyncGenerator<XlsxCell[][]> {
  const kinds = columns.map((c) => c.kind);
  for await (const batch of batches) {
    yield batch.map((cells) =>
      cells.map((v, i) => {
        if (v === null) return null;
        if (kinds[i] === "time") return typeof v === "number" ? istWallClock(new Date(v)) : null;
        return typeof v === "string" ? neutraliseFormula(v) : v;
      }),
    );
  }
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * One export as a file: the actor's permission for `what` and the filters are checked (a 403 or a
 * 400 naming the field) and the download audited (`export_downloaded`) before the first byte; the
 * body then streams every row. The bench calls this directly.
 */
export async function exportStream(ctx: ServiceContext, what: ExportWhat, format: ExportFormat, params: QueryParams): Promise<ExportFile> {
  if (!can(ctx.actor.role, EXPORT_PERMISSION[what])) throw new ForbiddenError();
  const prepared = prepare(ctx, what, params);
  await audit(ctx.db, ctx, { action: "export_downloaded", entityType: "export", entityId: what, details: { what, format, filters: prepared.filters } });
  const batches = cellBatches(ctx, prepared, format);
  return {
    filename: exportFilename(what, format),
    contentType: format === "xlsx" ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE,
    body:
      format === "xlsx"
        ? xlsxStream(prepared.sheet, prepared.columns, xlsxRows(prepared.columns, batches), `${what} xlsx`)
        : csvByteStream(csvLines(prepared.columns, batches), `${what} csv`),
  };
}

/** exportStream as the route's Response: an attachment nobody caches. */
export async function exportResponse(ctx: ServiceContext, what: ExportWhat, format: ExportFormat, params: QueryParams): Promise<Response> {
  const file = await exportStream(ctx, what, format, params);
  return downloadResponse(file.body, file.filename, file.contentType);
}
