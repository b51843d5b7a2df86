import "server-only";
import { and, sql, type SQL } from "drizzle-orm";
import type { PortalBillRow, PortalColumn } from "@/lib/dto/portal";
import type { BillStatus } from "@/lib/domain";
import type { PortalFilters } from "@/lib/schemas/portal";
import { CHILD_WEIGHT_KG } from "@/lib/qr";
import { istDayBounds } from "@/lib/time";
import { escapeLike } from "../like";
import { scopeWhere, type PortalScope } from "./scope";

// The grid's query over the portal_bills view (alias `pb`), shared by the list, its exports and
// the filter options: the scope, the filters and the search always go into the WHERE together.

/** How a sort column compares and travels in a cursor. */
interface SortSpec {
  expr: SQL;
  kind: "text" | "int" | "time";
  nullable: boolean;
}

export const SORTS: Record<PortalColumn, SortSpec> = {
  billNumber: { expr: sql`pb.bill_number`, kind: "text", nullable: false },
  createdAt: { expr: sql`pb.created_at`, kind: "time", nullable: false },
  customer: { expr: sql`pb.customer_name`, kind: "text", nullable: true },
  status: { expr: sql`pb.status`, kind: "text", nullable: false },
  parentCount: { expr: sql`pb.parent_count`, kind: "int", nullable: false },
  childCount: { expr: sql`pb.child_count`, kind: "int", nullable: false },
  expectedWeightKg: { expr: sql`pb.expected_weight_kg`, kind: "int", nullable: false },
  // The actual weight is the child count in kilograms (CHILD_WEIGHT_KG a child): the same order.
  actualWeightKg: { expr: sql`pb.child_count`, kind: "int", nullable: false },
  vehicleNumber: { expr: sql`pb.vehicle_number`, kind: "text", nullable: true },
  gatePassAt: { expr: sql`pb.gate_pass_at`, kind: "time", nullable: true },
};

const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;
const istDate = (column: SQL) => sql`to_char(${column} at time zone 'Asia/Kolkata', 'YYYY-MM-DD')`;

/** The sort value as the cursor carries it: timestamps as UTC text to the microsecond. */
export function sortKeyOf(sort: PortalColumn): SQL {
  const spec = SORTS[sort];
  return spec.kind === "time" ? sql`to_char(${spec.expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : spec.expr;
}

/** One grid row as selected (times as epoch ms, ids as float8: both drivers parse them alike). */
export interface PortalRowSql extends Record<string, unknown> {
  id: number;
  bill_number: string;
  created_ms: number;
  customer_name: string | null;
  customer_code: string | null;
  status: BillStatus;
  parent_count: number;
  child_count: number;
  expected_weight_kg: number;
  vehicle_number: string | null;
  gate_pass_ms: number | null;
}

export const ROW_COLUMNS = sql`pb.id::float8 as id, pb.bill_number, ${epochMs(sql`pb.created_at`)} as created_ms,
  pb.customer_name, pb.customer_code, pb.status, pb.parent_count::int as parent_count, pb.child_count::int as child_count,
  pb.expected_weight_kg::int as expected_weight_kg, pb.vehicle_number,
  ${epochMs(sql`pb.gate_pass_at`)} as gate_pass_ms`;

export function rowOf(r: PortalRowSql): PortalBillRow {
  return {
    billNumber: r.bill_number,
    createdAt: new Date(r.created_ms).toISOString(),
    customerName: r.customer_name,
    customerCode: r.customer_code,
    status: r.status,
    parentCount: r.parent_count,
    childCount: r.child_count,
    expectedWeightKg: r.expected_weight_kg,
    actualWeightKg: r.child_count * CHILD_WEIGHT_KG,
    vehicleNumber: r.vehicle_number,
    gatePassAt: r.gate_pass_ms === null ? null : new Date(r.gate_pass_ms).toISOString(),
  };
}

/**
 * The global search: a case-insensitive substring of any column the grid shows, numbers and the
 * IST dates as the text they show. A number's or a date's text has only digits (and dashes), so
 * those columns are searched only when the text could match them (most searches skip the sums).
 */
function searchCondition(q: string): SQL {
  const pattern = `%${escapeLike(q)}%`;
  const like = (expr: SQL) => sql`${expr} ilike ${pattern}`;
  const terms = [
    like(sql`pb.bill_number`),
    like(sql`pb.customer_name`),
    like(sql`pb.customer_code`),
    like(sql`pb.status`),
    like(sql`pb.vehicle_number`),
  ];
  if (/^[\d-]+$/.test(q)) terms.push(like(istDate(sql`pb.created_at`)), like(istDate(sql`pb.gate_pass_at`)));
  if (/^\d+$/.test(q)) {
    terms.push(like(sql`pb.parent_count::text`), like(sql`pb.child_count::text`), like(sql`pb.expected_weight_kg::text`), like(sql`(pb.child_count * ${CHILD_WEIGHT_KG})::text`));
  }
  return sql`(${sql.join(terms, sql` or `)})`;
}

/** The grid's WHERE without the cursor: scope, customer (already resolved in scope), status, days, search. */
export function gridWhere(scope: PortalScope, f: PortalFilters, customerId: number | undefined): SQL {
  const fromDay = f.from ? istDayBounds(f.from) : null;
  const toDay = f.to ? istDayBounds(f.to) : null;
  const where = and(
    scopeWhere(scope, sql`pb.customer_id`),
    customerId !== undefined ? sql`pb.customer_id = ${customerId}` : undefined,
    f.status ? sql`pb.status = ${f.status}` : undefined,
    fromDay ? sql`pb.created_at >= ${fromDay.start.toISOString()}::timestamptz` : undefined,
    toDay ? sql`pb.created_at < ${toDay.end.toISOString()}::timestamptz` : undefined,
    f.q ? searchCondition(f.q) : undefined,
  );
  return where ?? sql`true`;
}

/** ORDER BY for a sort: nulls last in either direction, then the id in the same direction (stable). */
export function gridOrder(sort: PortalColumn, dir: "asc" | "desc"): SQL {
  const spec = SORTS[sort];
  const d = sql.raw(dir);
  return spec.nullable ? sql`(${spec.expr} is null), ${spec.expr} ${d}, pb.id ${d}` : sql`${spec.expr} ${d}, pb.id ${d}`;
}
