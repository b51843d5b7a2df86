import { existsSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, reusableQuery, reusableSql, selectRows, type DbHandle } from "@/db/client";
import { bags, links } from "@/db/schema";
import { alias } from "drizzle-orm/pg-core";
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

describe("reusableSql / reusableQuery (statements rendered once)", () => {
  it("renders once and runs with each call's values, on the pool and in transactions, rolled back with them", async () => {
    let renders = 0;
    const count = reusableSql<{ n: number; tag: string }, { area: string; tag: string }>(() => {
      renders += 1;
      return sql`select count(*)::int as n, ${sql.placeholder("tag")}::text as tag from ${bags} where ${bags.dispatchArea} = ${sql.placeholder("area")}`;
    });
    await base.db.insert(bags).values([
      { qr: "SB70101", type: "parent", dispatchArea: "indore", capacity: 30 },
      { qr: "SB70102", type: "parent", dispatchArea: "indore", capacity: 30 },
      { qr: "SB70103", type: "parent", dispatchArea: "jaipur", capacity: 30 },
    ]);
    expect(await count.rows(base.db, { area: "indore", tag: "a" })).toEqual([{ n: 2, tag: "a" }]);
    expect(await count.rows(base.db, { area: "jaipur", tag: "b" })).toEqual([{ n: 1, tag: "b" }]);
    const insert = reusableSql<{ id: number }, { qr: string }>(() => sql`insert into ${bags} (qr, type, dispatch_area) values (${sql.placeholder("qr")}, 'child', 'jaipur') returning id::float8 as id`);
    // Inside a transaction the statement runs on that transaction's connection: a rollback takes it back.
    await expect(
      base.db.transaction(async (tx) => {
        await insert.rows(tx, { qr: "C70104" });
        expect(await count.rows(tx, { area: "jaipur", tag: "tx" })).toEqual([{ n: 2, tag: "tx" }]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await count.rows(base.db, { area: "jaipur", tag: "c" })).toEqual([{ n: 1, tag: "c" }]);
    expect(renders).toBe(1);
  });

  it("maps a builder's columns as the builder does (dates, nulls of a left join), the same on both drivers", async () => {
    const [parent] = await base.db.insert(bags).values({ qr: "SB70201", type: "parent", dispatchArea: "lucknow", capacity: 30 }).returning();
    const [child] = await base.db.insert(bags).values({ qr: "C70202", type: "child", dispatchArea: "lucknow" }).returning();
    await base.db.insert(bags).values({ qr: "C70203", type: "child", dispatchArea: "lucknow" });
    await base.db.insert(links).values({ parentBagId: Number(parent?.id), childBagId: Number(child?.id) });
    const holder = alias(bags, "holder");
    const build = (conn: typeof base.db) =>
      conn
        .select({ qr: bags.qr, createdAt: bags.createdAt, holderQr: holder.qr })
        .from(bags)
        .leftJoin(links, eq(links.childBagId, bags.id))
        .leftJoin(holder, eq(holder.id, links.parentBagId))
        .where(eq(bags.qr, sql.placeholder("qr")));
    const reusable = reusableQuery<Awaited<ReturnType<typeof build>>, { qr: string }>(build);
    for (const qr of ["C70202", "C70203", "C70299"]) {
      const got = await reusable.run(base.db, { qr });
      expect(got).toEqual(await build(base.db).execute({ qr }));
    }
    const [linked] = await base.db.transaction((tx) => reusable.run(tx, { qr: "C70202" }));
    expect(linked).toMatchObject({ qr: "C70202", holderQr: "SB70201" });
    expect(linked?.createdAt).toBeInstanceOf(Date);
    const [loose] = await reusable.run(base.db, { qr: "C70203" });
    expect(loose).toEqual({ qr: "C70203", createdAt: expect.any(Date), holderQr: null });
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
