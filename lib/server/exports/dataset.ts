import "server-only";
import type { SQL } from "drizzle-orm";
import type { z } from "zod";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { firstValues, type QueryParams } from "@/lib/schemas/filters";
import type { ExportWhat } from "@/lib/schemas/exports";
import { istDayBounds } from "@/lib/time";
import { ValidationError } from "../errors";
import type { Actor } from "../service";
import { parseInput } from "../validation";
import type { XlsxColumn } from "../xlsx-stream";

// What every dataset of GET /api/exports/<what>.<format> declares: its columns, how it reads its
// filters and the one SELECT that lists its rows in order. The writers (stream.ts) do the rest.

/** A cell as read: text, a number, or (kind "time") an instant in epoch milliseconds. */
export type RawCell = string | number | null;

export interface ExportColumn<R> extends XlsxColumn {
  value: (row: R) => RawCell;
}

export interface ExportDataset<F extends object, R extends Record<string, unknown>> {
  what: ExportWhat;
  /** The XLSX sheet's name. */
  sheet: string;
  columns: readonly ExportColumn<R>[];
  /** The query string → filters; a bad one is a 400 naming it (an export never widens silently). */
  readFilters(params: QueryParams): F;
  /** Every row of the filters, in the list's order. */
  query(db: Db, actor: Actor, filters: F): SQL;
}

/** A dataset with its filters read: the columns, and its rows as raw cells. */
export interface PreparedExport {
  what: ExportWhat;
  sheet: string;
  columns: readonly XlsxColumn[];
  filters: object;
  query: SQL;
  cellsOf(row: Record<string, unknown>): RawCell[];
}

export function prepareExport<F extends object, R extends Record<string, unknown>>(
  dataset: ExportDataset<F, R>,
  db: Db,
  actor: Actor,
  params: QueryParams,
): PreparedExport {
  const filters = dataset.readFilters(params);
  const { columns } = dataset;
  return {
    what: dataset.what,
    sheet: dataset.sheet,
    columns,
    filters,
    query: dataset.query(db, actor, filters),
    // The cursor's rows are the query's, typed R by the dataset that wrote the SELECT.
    cellsOf: (row) => columns.map((c) => c.value(row as R)),
  };
}

/** An instant as epoch milliseconds (float8): both drivers parse it alike, and it formats cheaply. */
export const epochMs = (column: unknown) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/** Paging keys the list pages carry and an export (always the whole set) ignores. */
const PAGING = new Set(["after", "before", "limit"]);

/**
 * A list's filters read strictly for an export: blank values are absent and paging keys ignored,
 * but a value the list page would drop (an unknown status, a bad date, a QR prefix of nothing
 * searchable) is a 400 naming the field, so the file never holds more than was asked for.
 */
export function readStrictFilters<S extends z.ZodObject>(schema: S, params: QueryParams): z.output<S> {
  const known = new Set(Object.keys(schema.shape));
  const given = Object.fromEntries(
    Object.entries(firstValues(params)).filter(([k, v]) => known.has(k) && !PAGING.has(k) && v !== undefined && v.trim() !== ""),
  );
  const filters = parseInput(schema, given) as Record<string, unknown>;
  const fields: Record<string, string[]> = {};
  for (const key of Object.keys(given)) {
    const value = filters[key];
    if (value === undefined) fields[key] = [`${key} has a value this filter does not take.`];
    else if ((key === "from" || key === "to") && typeof value === "string" && !istDayBounds(value)) fields[key] = [`${key}: use a date like 2025-03-31.`];
  }
  const bad = Object.keys(fields);
  if (bad.length > 0) throw new ValidationError(bad.map((k) => fields[k]?.[0]).join(" "), fields);
  return filters as z.output<S>;
}
