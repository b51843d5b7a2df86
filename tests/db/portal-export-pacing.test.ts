import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { portalExportResponse } from "@/lib/server/portal/export";
import type { Actor } from "@/lib/server/service";
import { auditRowsOf } from "../support/bill-factories";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { asCtx } from "./portal-fixtures";

// An export reads rows only as fast as the client takes the file: a client that pauses leaves the
// rest unread in the database (not in memory), and one that leaves ends the read at once.
const db = setupTestDb();
const ROWS = 30_000;
let admin: Actor;

beforeAll(async () => {
  await db().rows(sql`insert into customers (name) values ('Paced Co')`);
  await db().rows(sql`insert into bills (bill_number, capacity, customer_id, vehicle_number)
    select 'PACE-' || g, 5, (select min(id) from customers), 'RJ14GB' || lpad((g % 9999)::text, 4, '0') from generate_series(1, ${ROWS}) g`);
  admin = await makeUser(db().db, "admin");
});

describe("portal export pacing", () => {
  it.each(["xlsx", "csv"] as const)("%s: a paused client leaves rows unread; cancelling ends the read and files an incomplete audit", async (format) => {
    const before = (await auditRowsOf(db().db, "portal_exported")).length;
    const res = await portalExportResponse(asCtx(db().db, admin), new URLSearchParams({ sort: "billNumber" }), format);
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    for (let i = 0; i < 3; i += 1) expect((await reader.read()).done).toBe(false);
    // The client pauses: the writer must not run through the whole set meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await reader.cancel();
    await expect.poll(async () => (await auditRowsOf(db().db, "portal_exported")).length, { timeout: 5000 }).toBe(before + 1);
    const [audit] = (await auditRowsOf(db().db, "portal_exported")).slice(-1);
    expect(audit?.details).toMatchObject({ format, complete: false });
    const rows = (audit?.details as { rows: number }).rows;
    expect(rows).toBeGreaterThan(0);
    // What is read ahead is bounded by the stream buffers (a few hundred KB), not by the set.
    expect(rows).toBeLessThanOrEqual(ROWS / 2);
    // The cursor's transaction is over: the database answers (PGlite has one connection).
    const [count] = await db().rows<{ n: number }>(sql`select count(*)::int as n from portal_bills`);
    expect(count?.n).toBe(ROWS);
  }, 60_000);
});
