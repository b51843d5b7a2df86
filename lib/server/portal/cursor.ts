import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { PortalColumn } from "@/lib/dto/portal";
import { ValidationError } from "../errors";
import { SORTS } from "./query";

// The grid's keyset cursor: base64url of JSON [sort, dir, last sort value, last id]. It names its
// sort so a cursor from another sort or direction is refused instead of skipping rows.

export type SortValue = string | number | null;
export interface PortalCursor {
  value: SortValue;
  id: number;
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const invalid = () => new ValidationError("Cursor is not valid.", { cursor: ["Cursor is not valid."] }, "invalid_cursor");

export function encodeCursor(sort: PortalColumn, dir: "asc" | "desc", value: SortValue, id: number): string {
  return Buffer.from(JSON.stringify([sort, dir, value, id])).toString("base64url");
}

/** The cursor's last (value, id), checked against the sort it must belong to; 400 otherwise. */
export function decodeCursor(cursor: string, sort: PortalColumn, dir: "asc" | "desc"): PortalCursor {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid();
  const [s, d, value, id] = parsed as unknown[];
  if (s !== sort || d !== dir || typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) throw invalid();
  const spec = SORTS[sort];
  const ok =
    value === null
      ? spec.nullable
      : spec.kind === "int"
        ? typeof value === "number" && Number.isSafeInteger(value) && Math.abs(value) < 2 ** 31
        : typeof value === "string" && value.length <= 200 && (spec.kind === "text" || TIME.test(value));
  if (!ok) throw invalid();
  return { value: value as SortValue, id };
}

/** Rows after the cursor in the grid's order (gridOrder: nulls last, id in the sort's direction). */
export function afterCursor(sort: PortalColumn, dir: "asc" | "desc", after: PortalCursor): SQL {
  const spec = SORTS[sort];
  const op = sql.raw(dir === "asc" ? ">" : "<");
  if (after.value === null) return sql`(${spec.expr} is null and pb.id ${op} ${after.id})`;
  const value = spec.kind === "int" ? sql`${after.value}::int` : spec.kind === "time" ? sql`${after.value}::timestamptz` : sql`${after.value}::text`;
  const past = sql`(${spec.expr}, pb.id) ${op} (${value}, ${after.id}::bigint)`;
  return spec.nullable ? sql`(${spec.expr} is null or ${past})` : past;
}
