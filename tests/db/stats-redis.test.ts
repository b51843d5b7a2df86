import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRedis } from "@/lib/server/redis";
import { readStats } from "@/lib/server/stats/read";
import { reconcileStats } from "@/lib/server/stats/reconcile";
import { createRedisStatsStore, setStatsStore, type StatsStore } from "@/lib/server/stats/store";
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
    store = createRedisStatsStore(redis, prefix);
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
});
