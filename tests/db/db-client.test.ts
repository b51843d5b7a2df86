import { existsSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, selectRows, type DbHandle } from "@/db/client";
import { bags } from "@/db/schema";
import { createTestDb, usingPostgres } from "../support/db";

let base: DbHandle & { dispose(): Promise<void> };
beforeAll(async () => {
  base = await createTestDb();
});
afterAll(() => base.dispose());

describe("selectRows (the hot paths' raw SQL)", () => {
  it("returns plain rows on the pool and inside a transaction, the same on both drivers", async () => {
    await base.db.insert(bags).values({ qr: "SB70001", type: "parent", dispatchArea: "lucknow", capacity: 30 });
    const query = sql`select qr, child_count, (extract(epoch from created_at) * 1000)::float8 as created_ms from bags where upper(qr) = ${"SB70001"}`;
    const [row] = await selectRows<{ qr: string; child_count: number; created_ms: number }>(base.db, query);
    expect(row).toMatchObject({ qr: "SB70001", child_count: 0 });
    expect(Math.abs((row?.created_ms ?? 0) - Date.now())).toBeLessThan(60_000);
    const inTx = await base.db.transaction((tx) => selectRows<{ qr: string }>(tx, query));
    expect(inTx.map((r) => r.qr)).toEqual(["SB70001"]);
  });
});

describe.skipIf(!usingPostgres)("postgres.js statements (PostgreSQL)", () => {
  /** A one-connection handle on the test database, so pg_prepared_statements is that connection's. */
  const single = (query = "") => createDb({ url: `${dbUrl()}${query}`, poolMax: 1 });
  const dbUrl = () => {
    const url = new URL(process.env.TEST_DATABASE_URL ?? "");
    url.pathname = `/${currentDatabase}`;
    return url.toString();
  };
  let currentDatabase = "";
  beforeAll(async () => {
    [{ name: currentDatabase = "" } = { name: "" }] = await base.rows<{ name: string }>(sql`select current_database() as name`);
  });

  const prepared = async (h: DbHandle) =>
    (await h.rows<{ statement: string }>(sql`select statement from pg_prepared_statements`)).map((r) => r.statement);

  it("runs Drizzle's parameterised queries as named prepared statements, in transactions too", async () => {
    const h = single();
    try {
      await h.db.select({ id: bags.id }).from(bags).where(eq(bags.qr, "SB70002"));
      await h.db.transaction(async (tx) => {
        await tx.update(bags).set({ childCount: 0 }).where(eq(bags.qr, "SB70003"));
      });
      const statements = await prepared(h);
      expect(statements.some((s) => /^select "id" from "bags" where "bags"\."qr" = \$1/.test(s))).toBe(true);
      expect(statements.some((s) => /^update "bags" set "child_count" = \$1 where "bags"\."qr" = \$2/.test(s))).toBe(true);
    } finally {
      await h.close();
    }
  });

  it.skipIf(!existsSync("/var/run/postgresql/.s.PGSQL.5432"))("connects through a Unix socket given as libpq's ?host=<dir>", async () => {
    const h = single("?host=%2Fvar%2Frun%2Fpostgresql");
    try {
      const [row] = await h.rows<{ addr: string | null; db: string }>(sql`select inet_server_addr()::text as addr, current_database() as db`);
      expect(row).toEqual({ addr: null, db: currentDatabase });
    } finally {
      await h.close();
    }
  });
});
