import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bags, bills } from "@/db/schema";
import { getStatsFor, readStats } from "@/lib/server/stats/read";
import { reconcileStats } from "@/lib/server/stats/reconcile";
import { reconcileIfDue } from "@/lib/server/stats/scheduler";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { truncateAll, usingPostgres, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { expectStatsTrue, mixedBurst, type Actor } from "./stats-scenario";

// Without Redis: the in-process counters (the REDIS_URL-unset mode), on PGlite and PostgreSQL.
delete process.env.REDIS_URL;
const db = setupTestDb();
const store = createMemoryStatsStore();

let actors: { lucknow: Actor[]; indore: Actor; biller: Actor; admin: Actor };
let everyone: Actor[];

beforeAll(async () => {
  setStatsStore(store);
  await truncateAll(db());
  actors = {
    lucknow: [await makeUser(db().db, "dispatcher", "lucknow"), await makeUser(db().db, "dispatcher", "lucknow")],
    indore: await makeUser(db().db, "dispatcher", "indore"),
    biller: await makeUser(db().db, "biller"),
    admin: await makeUser(db().db, "admin"),
  };
  everyone = [...actors.lucknow, actors.indore, actors.biller, actors.admin];
});
afterAll(() => setStatsStore(undefined));

describe("statistics counters (in-process store)", () => {
  it("equal the true counts after a mixed burst of parallel scans, undos and bill changes", async () => {
    await reconcileStats(db().db, store);
    const { freed } = await mixedBurst(db(), usingPostgres, actors);
    expect(freed).toBeGreaterThan(0);
    const all = await readStats("all", store);
    expect(all.childBags).toBeGreaterThan(40);
    expect(all.scansToday).toBeGreaterThan(60);
    await expectStatsTrue(db(), store, ["lucknow", "indore", "jaipur"], everyone);
  });

  it("are repaired by reconciliation after a forced drift (lost bumps and corrupted counters)", async () => {
    // Writes that committed without their bump (a crash in between) …
    await db().db.insert(bags).values([
      { qr: "9199991", type: "child", dispatchArea: "lucknow" },
      { qr: "SB99999", type: "parent", capacity: 30, dispatchArea: "indore" },
    ]);
    await db().rows(sql`delete from ${bills} where bill_number = 'ST-4'`);
    // … and counters that went wrong on their own.
    await store.apply([
      { key: "all:parents", by: 7 },
      { key: "area:jaipur:children", by: -3 },
      { key: "all:bills_completed", by: 2 },
    ]);
    const before = await readStats("all", store);
    const report = await reconcileStats(db().db, store);
    expect(report.corrected).toBeGreaterThan(0);
    expect((await readStats("all", store)).parentBags).not.toBe(before.parentBags);
    await expectStatsTrue(db(), store, ["lucknow", "indore", "jaipur"], everyone);
    // At rest, a second run finds nothing to correct.
    expect((await reconcileStats(db().db, store)).drift).toBe(0);
  });

  it("runs the scheduled reconciliation once per lock period", async () => {
    expect(await reconcileIfDue(db().db)).not.toBeNull();
    expect(await reconcileIfDue(db().db)).toBeNull();
  });

  it("scopes a dispatcher to their area and hides bills from them", async () => {
    const mine = await getStatsFor(actors.indore);
    expect(mine.bills).toBeNull();
    const area = await readStats("area:indore", store);
    expect(mine).toMatchObject({ totalBags: area.totalBags, parentBags: area.parentBags, childBags: area.childBags, scansToday: area.scansToday });
    const noArea = await getStatsFor({ role: "dispatcher", dispatchArea: null });
    expect(noArea).toMatchObject({ totalBags: 0, scansToday: 0, bills: null });
    expect((await getStatsFor(actors.biller)).bills).not.toBeNull();
  });
});
