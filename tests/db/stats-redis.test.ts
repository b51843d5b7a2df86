import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRedis } from "@/lib/server/redis";
import { readStats } from "@/lib/server/stats/read";
import { reconcileStats } from "@/lib/server/stats/reconcile";
import { createBatchingStatsStore, createRedisStatsStore, setStatsStore, type StatsStore } from "@/lib/server/stats/store";
import { truncateAll, usingPostgres, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { expectStatsTrue, mixedBurst, type Actor } from "./stats-scenario";

// The app's Redis mode: REDIS_URL set before any server code reads the environment.
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) process.env.REDIS_URL = redisUrl;
const db = setupTestDb();
// Own key prefix, so parallel runs on one Redis never share counters.
const prefix = `stats-test:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
let store: StatsStore;

let actors: { lucknow: Actor[]; indore: Actor; biller: Actor; admin: Actor };

describe.skipIf(!usingPostgres || !redisUrl)("statistics counters (Redis, PostgreSQL)", () => {
  beforeAll(async () => {
    const redis = getRedis();
    if (!redis) throw new Error("REDIS_URL did not reach the app");
    // As the app runs it: bumps gathered and sent in one MULTI per interval.
    store = createBatchingStatsStore(createRedisStatsStore(redis, prefix));
    setStatsStore(store);
    await truncateAll(db());
    actors = {
      lucknow: [await makeUser(db().db, "dispatcher", "lucknow"), await makeUser(db().db, "dispatcher", "lucknow")],
      indore: await makeUser(db().db, "dispatcher", "indore"),
      biller: await makeUser(db().db, "biller"),
      admin: await makeUser(db().db, "admin"),
    };
  });
  afterAll(async () => {
    setStatsStore(undefined);
    const redis = getRedis();
    const keys = (await redis?.keys(`${prefix}:*`)) ?? [];
    if (keys.length > 0) await redis?.del(...keys);
  });

  it("equal the true counts after a mixed burst of parallel scans, undos and bill changes", async () => {
    await reconcileStats(db().db, store);
    await mixedBurst(db(), true, actors);
    await expectStatsTrue(db(), store, ["lucknow", "indore", "jaipur"], [...actors.lucknow, actors.indore, actors.biller, actors.admin]);
  });

  it("are repaired by reconciliation after a forced drift, with day keys expiring", async () => {
    const redis = getRedis();
    await redis?.del(`${prefix}:all:children`);
    await redis?.incrby(`${prefix}:area:lucknow:parents`, 11);
    expect((await readStats("all", store)).childBags).toBe(0);
    await reconcileStats(db().db, store);
    await expectStatsTrue(db(), store, ["lucknow", "indore"], [actors.admin]);
    const dayKeys = (await redis?.keys(`${prefix}:all:scans*`)) ?? [];
    expect(dayKeys.length).toBeGreaterThan(0);
    for (const key of dayKeys) expect(await redis?.ttl(key)).toBeGreaterThan(86_400);
  });

  it("gather bumps into one summed MULTI; this instance reads its own at once, another after the flush", async () => {
    const redis = getRedis();
    if (!redis) throw new Error("no Redis");
    const own = `${prefix}:batch`;
    const dropped: number[] = [];
    const a = createBatchingStatsStore(createRedisStatsStore(redis, own), { flushMs: 60_000, onDropped: (_e, n) => dropped.push(n) });
    const b = createRedisStatsStore(redis, own);
    for (let i = 0; i < 50; i++) await a.apply([{ key: "k", by: 1 }, { key: "h", field: "f", by: 2, ttlS: 120 }]);
    expect(await b.get(["k"])).toEqual([0]);
    expect(await a.get(["k"])).toEqual([50]);
    expect(await b.get(["k"])).toEqual([50]);
    expect(await b.getField("h", "f")).toBe(100);
    expect(await redis.ttl(`${own}:h`)).toBeGreaterThan(100);
    // Timer-driven flush without any read.
    const timed = createBatchingStatsStore(createRedisStatsStore(redis, own), { flushMs: 20 });
    await timed.apply([{ key: "k", by: 5 }]);
    await expect.poll(async () => (await b.get(["k"]))[0], { timeout: 2000 }).toBe(55);
    expect(dropped).toEqual([]);
  });
});
