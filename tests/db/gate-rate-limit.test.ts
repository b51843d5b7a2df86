import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import { LIMITS } from "@/lib/server/rate-limit/limits";
import { holdClockAtMinuteStart } from "../support/clock";

// The gate's own limit (120 scans a minute per IP, lib/server/rate-limit/limits.ts "gate-scan"):
// in process without Redis (tests/db/gate-scan.test.ts goes through the route), shared through
// Redis with it, and closed when Redis fails (each instance keeps counting in memory).

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const prefix = `tt-gate-test-${run}`;
const clients: Redis[] = [];

function connect(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 500, retryStrategy: () => 200 });
  client.on("error", () => {});
  clients.push(client);
  return client;
}

afterAll(async () => {
  if (TEST_REDIS_URL) {
    const cleaner = connect(TEST_REDIS_URL);
    const keys = await cleaner.keys(`${prefix}:*`);
    if (keys.length) await cleaner.del(...keys);
  }
  clients.forEach((c) => c.disconnect());
});

async function takeMany(check: () => Promise<{ ok: boolean }>, n: number): Promise<number> {
  let admitted = 0;
  for (let i = 0; i < n; i += 1) if ((await check()).ok) admitted += 1;
  return admitted;
}

describe("the gate-scan limit", () => {
  // One minute's budget, spent inside one minute (a sliding window leaks across the edge).
  beforeEach(() => holdClockAtMinuteStart());
  afterEach(() => vi.useRealTimers());

  it("is 120 a minute per IP, with no per-account budget of its own", () => {
    expect(LIMITS["gate-scan"]).toMatchObject({ perAccount: 120, ipFactor: 1, windowS: 60, onRedisError: "memory" });
  });

  it("without Redis: 120 pass, then refused; another IP has its own budget", async () => {
    const limiter = createRateLimiter({ redis: null, prefix: `${prefix}-mem` });
    expect(await takeMany(() => limiter.check("gate-scan", { ip: "192.0.2.10" }), 125)).toBe(120);
    expect((await limiter.check("gate-scan", { ip: "192.0.2.11" })).ok).toBe(true);
  });

  it("fails closed: with Redis unreachable each instance still refuses past the limit", async () => {
    const limiter = createRateLimiter({ redis: connect("redis://127.0.0.1:1"), prefix, redisTimeoutMs: 300, rules: { "gate-scan": { ...LIMITS["gate-scan"], perAccount: 3 } } });
    expect(await takeMany(() => limiter.check("gate-scan", { ip: "192.0.2.12" }), 6)).toBe(3);
  });

  it.skipIf(!TEST_REDIS_URL)("with Redis: two instances share one count of 120", async () => {
    const url = TEST_REDIS_URL ?? "";
    const a = createRateLimiter({ redis: connect(url), prefix });
    const b = createRateLimiter({ redis: connect(url), prefix });
    const subject = { ip: "192.0.2.13" };
    let admitted = 0;
    for (let i = 0; i < 130; i += 1) if ((await (i % 2 ? a : b).check("gate-scan", subject)).ok) admitted += 1;
    expect(admitted).toBe(120);
  });
});
