import "server-only";
import { sql, type Column, type Placeholder, type SQL } from "drizzle-orm";
import { hotSql } from "@/db/client";
import { bags } from "@/db/schema";
import { can } from "@/lib/permissions";
import { parentSpecOf } from "@/lib/qr";
import type { Actor } from "../service";

// The bag rules every reader and writer of bags shares: who sees which bags, how a QR matches,
// what a bag's state is. Reads (bags/*) and the scan writer (scan/*) both build on them.

/** Whose bags a query may show: the area rule needs only the role and the area. */
export type BagViewer = Pick<Actor, "role" | "dispatchArea">;

/** Billers and admins see every area; dispatchers only their own. */
export function seesAllAreas(viewer: BagViewer): boolean {
  return can(viewer.role, "bags:view_all_areas");
}

/**
 * Which of the area rule's three cases a viewer falls in: every area (admins, billers), their own
 * area, or none visible (a dispatcher without an area). areaFilter writes it with the area as a
 * value; a statement rendered once carries one text per case (areaScopeCondition, perAreaScope).
 */
export type AreaScope = "all" | "area" | "none";
export function areaScopeOf(viewer: BagViewer): AreaScope {
  return seesAllAreas(viewer) ? "all" : viewer.dispatchArea ? "area" : "none";
}

/**
 * The area rule as a WHERE condition (undefined: no restriction). `area` is the dispatch-area
 * column to test, so the rule also applies to an aliased bag (the parent holding a child).
 */
export function areaFilter(viewer: BagViewer, area: Column = bags.dispatchArea): SQL | undefined {
  const scope = areaScopeOf(viewer);
  if (scope === "all") return undefined;
  return scope === "area" ? hotSql`${area} = ${viewer.dispatchArea}` : sql`false`;
}

/** areaFilter's condition for a statement rendered once: the viewer's area as the placeholder "area". */
export function areaScopeCondition(scope: AreaScope, area: Column = bags.dispatchArea): SQL | undefined {
  if (scope === "all") return undefined;
  return scope === "area" ? hotSql`${area} = ${sql.placeholder("area")}` : sql`false`;
}

/** One value per area scope (a statement rendered once for each), looked up by areaScopeOf. */
export function perAreaScope<T>(make: (scope: AreaScope) => T): Record<AreaScope, T> {
  return { all: make("all"), area: make("area"), none: make("none") };
}

/** Matches the case-insensitive unique index bags_qr_ci_unique; `qr` is already normalized (or a prepared query's placeholder). */
export function qrIs(qr: string | Placeholder, column: Column = bags.qr): SQL {
  return hotSql`upper(${column}) = ${qr}`;
}

/**
 * `upper(qr)` starts with `prefix`, as a range the bags_qr_ci_unique index can scan (LIKE alone
 * is only indexable under the C collation); LIKE stays as the exact test. Assumes code-point
 * order (C / C.UTF-8), which the embedded and the documented PostgreSQL both use.
 */
export function qrPrefixCondition(prefix: string): SQL {
  const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return sql`(upper(${bags.qr}) >= ${prefix} and upper(${bags.qr}) < ${next} and upper(${bags.qr}) like ${`${prefix}%`})`;
}

/** A bag's state as scans and undos read (and lock) it. */
export const bagColumns = {
  id: bags.id,
  qr: bags.qr,
  type: bags.type,
  status: bags.status,
  childCount: bags.childCount,
  capacity: bags.capacity,
  dispatchArea: bags.dispatchArea,
};
export type BagState = Pick<typeof bags.$inferSelect, keyof typeof bagColumns>;

/** A parent's capacity: stored, or (older rows) the one its label kind implies. */
export function capacityOf(parent: { qr: string; capacity: number | null }): number {
  return parent.capacity ?? parentSpecOf(parent.qr).capacity;
}
