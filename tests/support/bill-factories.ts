import { asc, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Db, DbHandle } from "@/db/client";
import { auditLog, bags, links } from "@/db/schema";
import { PARENT_SPECS, parentStatusFor, type ParentKind } from "@/lib/qr";
import { createBill } from "@/lib/server/bills/mutations";
import type { Actor } from "@/lib/server/service";
import { AppError } from "@/lib/server/errors";
import { ctxOf } from "./context";
import { truncateAll } from "./db";
import { makeUser } from "./factories";

/**
 * Labels unique within a test file: each file passes its own `series` (1–9) so files that
 * share a Redis never share a de-duplication key by accident.
 */
export function labelMaker(series: number) {
  let parentSeq = 0;
  let childSeq = 0;
  let billSeq = 0;
  return {
    sb: () => `SB${series}${String((parentSeq += 1)).padStart(4, "0")}`,
    m444: () => `M444-${series}${String((parentSeq += 1)).padStart(4, "0")}`,
    child: () => `${series}${String((childSeq += 1)).padStart(6, "0")}`,
    bill: (prefix = "INV") => `${prefix}-${series}-${(billSeq += 1)}`,
  };
}
export type Labels = ReturnType<typeof labelMaker>;

/**
 * A parent bag with `children` linked child bags, inserted directly (not through the scan
 * mutations); child_count and status match the links, as the scan code keeps them.
 */
export interface MadeParent {
  id: number;
  qr: string;
  childCount: number;
}

export async function makeParent(
  db: Db,
  labels: Labels,
  options: { kind?: ParentKind; children?: number; qr?: string } = {},
): Promise<MadeParent> {
  const kind = options.kind ?? "SB";
  const capacity = PARENT_SPECS[kind].capacity;
  const children = options.children ?? capacity;
  const qr = options.qr ?? (kind === "SB" ? labels.sb() : labels.m444());
  const [parent] = await db
    .insert(bags)
    .values({ qr, type: "parent", capacity, childCount: children, status: parentStatusFor(children, capacity), dispatchArea: "lucknow" })
    .returning({ id: bags.id });
  if (!parent) throw new Error("parent not inserted");
  if (children > 0) {
    const kids = await db
      .insert(bags)
      .values(Array.from({ length: children }, () => ({ qr: labels.child(), type: "child" as const, dispatchArea: "lucknow" as const })))
      .returning({ id: bags.id });
    await db.insert(links).values(kids.map((k) => ({ parentBagId: parent.id, childBagId: k.id })));
  }
  return { id: parent.id, qr, childCount: children };
}

/** A bill created through the mutation (so it is audited like a real one). */
export async function makeBill(db: Db, actor: Actor, labels: Labels, input: Record<string, unknown> = {}) {
  return createBill(ctxOf(db, actor), { billNumber: labels.bill(), capacity: 5, ...input });
}

/** Empties bill, bag and audit tables but keeps users (hashing passwords per test is slow). */
export async function truncateBillData(handle: DbHandle): Promise<void> {
  await handle.rows(sql`truncate table audit_log, scans, bill_bags, bills, links, bags restart identity cascade`);
}

/** Bills whose stored linked_count or status disagrees with their bill_bags rows (should be none). */
export async function driftedBills(handle: DbHandle) {
  return handle.rows<{ bill_number: string; linked_count: number; rows: number; status: string; capacity: number }>(sql`
    select b.bill_number, b.linked_count, count(bb.id)::int as rows, b.status, b.capacity
    from bills b left join bill_bags bb on bb.bill_id = b.id
    group by b.id
    having b.linked_count <> count(bb.id)
      or count(bb.id) > b.capacity
      or (b.status = 'new' and count(bb.id) <> 0)
      or (b.status = 'processing' and count(bb.id) = 0)
      or (b.status = 'completed' and count(bb.id) < b.capacity)`);
}

export async function countTable(handle: DbHandle, table: "bills" | "bill_bags" | "audit_log" | "bags"): Promise<number> {
  const [row] = await handle.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return row?.n ?? -1;
}

export interface BillRefusal {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}

/** The AppError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function billRefusal(p: Promise<unknown>): Promise<BillRefusal> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message, fields: err.fields };
    throw err;
  }
  throw new Error("expected the call to be refused");
}

/** The value, asserting it is present (instead of a non-null assertion). */
export function must<T>(value: T | null | undefined): T {
  expect(value).toBeDefined();
  expect(value).not.toBeNull();
  if (value === null || value === undefined) throw new Error("value missing");
  return value;
}

export type BillTestUser = Awaited<ReturnType<typeof makeUser>>;

/** The three roles every bill test file signs in as, on a clean database. */
export async function makeBillRoles(handle: DbHandle) {
  await truncateAll(handle);
  return {
    biller: await makeUser(handle.db, "biller"),
    admin: await makeUser(handle.db, "admin"),
    dispatcher: await makeUser(handle.db, "dispatcher"),
  };
}

/** The audit rows of one action, oldest first, with the columns the tests check. */
export async function auditRowsOf(db: Db, action: string) {
  return db
    .select({ userId: auditLog.userId, actor: auditLog.actor, before: auditLog.before, after: auditLog.after, details: auditLog.details, critical: auditLog.critical, ip: auditLog.ip, requestId: auditLog.requestId })
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .orderBy(asc(auditLog.id));
}
