import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { selectRows } from "@/db/client";
import { PORTAL_ROLE, portalRead, portalRoleAvailable } from "@/lib/server/portal/read";
import { ensurePortalRole } from "@/lib/server/portal/role";
import { setupTestDb, usingPostgres } from "../support/db";

// DESIGN.md §8: on a real PostgreSQL the portal reads as tracetrack_portal, which may SELECT the
// three portal views and nothing else, so even a bug in a portal query cannot write or read a table.
const db = setupTestDb();

/** The SQLSTATE a statement inside portalRead fails with (null when it succeeds). */
async function sqlStateOf(statement: ReturnType<typeof sql>): Promise<string | null> {
  try {
    await portalRead(db().db, (tx) => tx.execute(statement));
    return null;
  } catch (err) {
    const e = err as { code?: unknown; cause?: { code?: unknown } };
    return String(e.cause?.code ?? e.code ?? "unknown");
  }
}

describe.skipIf(!usingPostgres)("portal reads on PostgreSQL (the read-only role; PGlite has no roles to switch to)", () => {
  it("run as tracetrack_portal", async () => {
    expect(await portalRoleAvailable(db().db)).toBe(true);
    const [row] = await portalRead(db().db, (tx) => selectRows<{ who: string }>(tx, sql`select current_user::text as who`));
    expect(row?.who).toBe("tracetrack_portal");
  });

  it("read the portal views", async () => {
    const rows = await portalRead(db().db, (tx) => selectRows<{ n: number }>(tx, sql`select count(*)::int as n from portal_bills`));
    expect(rows).toEqual([{ n: 0 }]);
    expect(await sqlStateOf(sql`select count(*) from portal_bill_parents`)).toBeNull();
    expect(await sqlStateOf(sql`select count(*) from portal_customers`)).toBeNull();
  });

  it("cannot write: INSERT into bills and UPDATE of users are refused (the read-only transaction answers first)", async () => {
    expect(await sqlStateOf(sql`insert into bills (bill_number, capacity) values ('PORTAL-X', 1)`)).toBe("25006");
    expect(await sqlStateOf(sql`update users set name = 'x'`)).toBe("25006");
    const [count] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bills`);
    expect(count?.n).toBe(0);
  });

  it("the role alone, even in a read-write transaction, may not write: permission denied (42501)", async () => {
    const asRoleOnly = async (statement: ReturnType<typeof sql>) => {
      try {
        await db().db.transaction(async (tx) => {
          await tx.execute(sql.raw(`set local role ${PORTAL_ROLE}`));
          await tx.execute(statement);
        });
        return null;
      } catch (err) {
        const e = err as { code?: unknown; cause?: { code?: unknown } };
        return String(e.cause?.code ?? e.code ?? "unknown");
      }
    };
    expect(await asRoleOnly(sql`insert into bills (bill_number, capacity) values ('PORTAL-X', 1)`)).toBe("42501");
    expect(await asRoleOnly(sql`update users set name = 'x'`)).toBe("42501");
    expect(await asRoleOnly(sql`delete from customers`)).toBe("42501");
    expect(await asRoleOnly(sql`select id from users`)).toBe("42501");
    expect(await asRoleOnly(sql`select count(*) from portal_bills`)).toBeNull();
  });

  it("cannot read the tables behind the views (users, bills, audit_log)", async () => {
    expect(await sqlStateOf(sql`select password_hash from users`)).toBe("42501");
    expect(await sqlStateOf(sql`select * from bills`)).toBe("42501");
    expect(await sqlStateOf(sql`select * from audit_log`)).toBe("42501");
  });

  it("cannot leave the role inside the read (reset role then write fails: the transaction is read-only)", async () => {
    expect(await sqlStateOf(sql`reset role; insert into bills (bill_number, capacity) values ('PORTAL-Y', 1)`)).not.toBeNull();
  });
});

describe("portal reads on either database", () => {
  it("are read-only transactions: a write fails (25006 read_only_sql_transaction, or 42501 under the role)", async () => {
    expect(["25006", "42501"]).toContain(await sqlStateOf(sql`insert into customers (name) values ('Sneaky')`));
    const rows = await portalRead(db().db, (tx) => selectRows<{ n: number }>(tx, sql`select count(*)::int as n from portal_customers`));
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe.skipIf(!usingPostgres)("the portal role after a restore (backups carry no grants: --no-privileges)", () => {
  it("is given its grants back at start by ensurePortalRole", async () => {
    const has = async () => {
      const [row] = await db().rows<{ ok: boolean }>(sql`select has_table_privilege(${PORTAL_ROLE}, 'portal_bills', 'SELECT') as ok`);
      return row?.ok;
    };
    // What a database restored from a dump without privileges looks like.
    await db().rows(sql.raw(`revoke select on portal_bills, portal_bill_parents, portal_customers from ${PORTAL_ROLE}`));
    expect(await has()).toBe(false);
    expect(await ensurePortalRole(db(), () => {})).toBe(true);
    expect(await has()).toBe(true);
    // Idempotent: a second start changes nothing and still succeeds.
    expect(await ensurePortalRole(db(), () => {})).toBe(true);
  });
});
