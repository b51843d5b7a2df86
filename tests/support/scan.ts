import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { DbHandle } from "@/db/client";
import { BAGS_UNLIKE_LINKS_SQL } from "@/db/invariants";
import { AppError } from "@/lib/server/errors";
import { truncateAll } from "./db";
import { makeUser } from "./factories";

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** The AppError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function refusalOf(p: Promise<unknown>): Promise<Refusal> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message };
    throw err;
  }
  throw new Error("expected the call to be refused");
}

/** The value, asserting it is present (instead of a non-null assertion). */
export function present<T>(value: T | null | undefined): T {
  expect(value).toBeDefined();
  expect(value).not.toBeNull();
  if (value === null || value === undefined) throw new Error("value missing");
  return value;
}

export async function countRows(handle: DbHandle, table: "bags" | "links" | "scans" | "audit_log"): Promise<number> {
  const [row] = await handle.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return row?.n ?? -1;
}

export async function countAll(handle: DbHandle) {
  return {
    bags: await countRows(handle, "bags"),
    links: await countRows(handle, "links"),
    scans: await countRows(handle, "scans"),
    audit: await countRows(handle, "audit_log"),
  };
}

/** Parents whose stored child_count or status disagrees with their link rows (should be none). */
export async function driftedParents(handle: DbHandle) {
  return handle.rows<{ qr: string; child_count: number; links: number; status: string }>(sql`
    select p.qr, p.child_count, count(l.id)::int as links, p.status
    from bags p left join links l on l.parent_bag_id = p.id
    where p.type = 'parent'
    group by p.id
    having p.child_count <> count(l.id)
      or p.status <> case when count(l.id) = 0 then 'pending' when count(l.id) >= p.capacity then 'completed' else 'in_progress' end`);
}

/**
 * Bags whose parent_bag_id or bill_id disagree with links and bill_bags (should be none): the
 * triggers of migration 0014 keep them, whichever verb, import or cascade changed those tables.
 */
export async function driftedFollows(handle: DbHandle) {
  return handle.rows<{ qr: string; parent_bag_id: number | null; link_parent: number | null; bill_id: number | null; bill: number | null }>(
    sql.raw(BAGS_UNLIKE_LINKS_SQL),
  );
}

/** Seven-digit child labels like the real ones, unique within a test file. */
export function childLabels(from: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(from + i).padStart(7, "0"));
}

/** Empties the bag-side tables but keeps users (bcrypt makes creating them slow). */
export async function truncateScanData(handle: DbHandle): Promise<void> {
  await handle.rows(sql`truncate table audit_log, scans, bill_bags, bills, links, bags restart identity cascade`);
}

/**
 * The people of the scan verb tests, on an emptied database: two Lucknow dispatchers (ravi,
 * meena), one of Indore, a biller and an admin (both without an area).
 */
export async function makeScanCast(handle: DbHandle) {
  await truncateAll(handle);
  return {
    ravi: await makeUser(handle.db, "dispatcher", "lucknow"),
    meena: await makeUser(handle.db, "dispatcher", "lucknow"),
    indore: await makeUser(handle.db, "dispatcher", "indore"),
    biller: await makeUser(handle.db, "biller"),
    admin: await makeUser(handle.db, "admin"),
  };
}
