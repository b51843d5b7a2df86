import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RateLimitError } from "@/lib/server/errors";
import { createRateLimiter, enforceLimit } from "@/lib/server/rate-limit/limiter";
import type { LimitRule } from "@/lib/server/rate-limit/limits";

// The app's default limiter reads REDIS_URL (once, lazily): point it at the test Redis if any.
const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
if (TEST_REDIS_URL) process.env.REDIS_URL = TEST_REDIS_URL;
else delete process.env.REDIS_URL;

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const prefix = `tt-test-${run}`;
const clients: Redis[] = [];
// The app limiter's keys use the real "ratelimit" prefix; this address is this run's own.
const appLimiterIp = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}::7`;

function connect(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 500, retryStrategy: () => 200 });
  client.on("error", () => {});
  clients.push(client);
  return client;
}

afterAll(async () => {
  if (TEST_REDIS_URL) {
    const cleaner = connect(TEST_REDIS_URL);
    const appIpKeys = `ratelimit:forgot-password:ip:${appLimiterIp.split("::")[0]}::/64:*`;
    for (const pattern of [`${prefix}:*`, `ratelimit:*${run}*`, appIpKeys]) {
      const keys = await cleaner.keys(pattern);
      if (keys.length) await cleaner.del(...keys);
    }
  }
  clients.forEach((c) => c.disconnect());
});

// Small numbers so the tests run quickly; the failure modes are the real ones.
const small = (perAccount: number, onRedisError: LimitRule["onRedisError"], sync: LimitRule["sync"] = "exact"): LimitRule => ({
  perAccount,
  ipFactor: 6,
  windowS: 60,
  onRedisError,
  sync,
});

describe("with Redis unreachable", () => {
  const dead = () => connect("redis://127.0.0.1:1");

  it("auth limiters fail closed: they keep counting in process and refuse past the limit", async () => {
    const limiter = createRateLimiter({ redis: dead(), prefix, redisTimeoutMs: 1000, rules: { login: small(3, "memory") } });
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await limiter.check("login", { ip: "192.0.2.50", account: `dead-${run}` })).ok);
    expect(results).toEqual([true, true, true, false, false]);
  });

  it("the API limiter fails open: requests pass while Redis is down", async () => {
    const limiter = createRateLimiter({ redis: dead(), prefix, redisTimeoutMs: 1000, rules: { api: small(3, "open") } });
    const results = [];
    for (let i = 0; i < 10; i++) results.push((await limiter.check("api", { ip: "192.0.2.51", account: `dead-${run}` })).ok);
    expect(results.every(Boolean)).toBe(true);
  });

  it("a batched limiter keeps counting in process, and no request waits for the dead server", async () => {
    // An hour's window: this test takes a second or so (dead-server timeouts), and crossing a
    // window boundary would legitimately let the sliding window weigh the earlier count down.
    const rules = { api: { ...small(3, "open", "batched"), windowS: 3600 } };
    const limiter = createRateLimiter({ redis: dead(), prefix, redisTimeoutMs: 300, batchFlushMs: 10, rules });
    const subject = { ip: "192.0.2.52", account: `dead-batched-${run}` };
    const results = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      results.push((await limiter.check("api", subject)).ok);
      // Waiting on the dead server would take its whole 300 ms timeout; well under it proves no
      // check waited (50 ms failed now and then on the loaded 2-core CI box, 3 test workers).
      expect(performance.now() - started).toBeLessThan(200);
      await limiter.flush();
    }
    expect(results).toEqual([true, true, true, false, false]);
    limiter.stop();
  });
});

describe.skipIf(!TEST_REDIS_URL)("with real Redis", () => {
  const url = TEST_REDIS_URL ?? "";

  it("enforces the limit through Upstash's scripts (shebang stripped for Redis 7.0)", async () => {
    const redis = connect(url);
    const limiter = createRateLimiter({ redis, prefix });
    const account = `alice-${run}`;
    const oks = [];
    for (let i = 0; i < 12; i++) oks.push((await limiter.check("login", { ip: "198.51.100.1", account })).ok);
    expect(oks).toEqual([...Array(10).fill(true), false, false]);
    const keys = await redis.keys(`${prefix}:login:*`);
    expect(keys.some((k) => k.startsWith(`${prefix}:login:acct:${account}:`))).toBe(true);
    expect(keys.some((k) => k.startsWith(`${prefix}:login:ip:198.51.100.1:`))).toBe(true);
  });

  it("holds across two app instances sharing one Redis", async () => {
    const a = createRateLimiter({ redis: connect(url), prefix });
    const b = createRateLimiter({ redis: connect(url), prefix });
    const subject = { ip: "198.51.100.2", account: `shared-${run}` };
    const oks = [];
    for (let i = 0; i < 12; i++) oks.push((await (i % 2 ? b : a).check("login", subject)).ok);
    expect(oks.filter(Boolean)).toHaveLength(10);
    expect(oks.slice(10)).toEqual([false, false]);
  });

  it("lets exactly the limit through when two instances race", async () => {
    const a = createRateLimiter({ redis: connect(url), prefix });
    const b = createRateLimiter({ redis: connect(url), prefix });
    const subject = { ip: "198.51.100.3", account: `race-${run}` };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? b : a).check("2fa-verify", subject)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });

  it("refuses past the limit on Redis even for the fail-open API limiter", async () => {
    const limiter = createRateLimiter({ redis: connect(url), prefix, rules: { api: small(3, "open") } });
    const oks = [];
    for (let i = 0; i < 5; i++) oks.push((await limiter.check("api", { ip: "198.51.100.4", account: `api-${run}` })).ok);
    expect(oks).toEqual([true, true, true, false, false]);
  });

  describe("batched sync (the api and default limiters)", () => {
    const batchedPair = () => {
      const rules = { api: { ...small(10, "open", "batched"), windowS: 3600 } };
      // A long interval: the test decides when each instance syncs.
      return [createRateLimiter({ redis: connect(url), prefix, rules, batchFlushMs: 60_000 }), createRateLimiter({ redis: connect(url), prefix, rules, batchFlushMs: 60_000 })] as const;
    };

    it("shares one count across instances through Redis, one pipeline per sync", async () => {
      const [a, b] = batchedPair();
      const account = `batched-${run}`;
      const subject = { ip: "198.51.100.5", account };
      const take = async (l: typeof a, n: number) => {
        const oks = [];
        for (let i = 0; i < n; i++) oks.push((await l.check("api", subject)).ok);
        return oks;
      };
      expect(await take(a, 6)).toEqual(Array(6).fill(true));
      await a.flush();
      const [key] = await connect(url).keys(`${prefix}:api:acct:${account}:*`);
      expect(await connect(url).get(key ?? "")).toBe("6");
      // B's first request syncs it; from then on it knows about A's six.
      expect(await take(b, 1)).toEqual([true]);
      await b.flush();
      expect(await take(b, 5)).toEqual([true, true, true, false, false]);
      await b.flush();
      expect(await connect(url).get(key ?? "")).toBe("10");
      expect(await connect(url).pttl(key ?? "")).toBeGreaterThan(60_000);
      // A still believes 6 until it syncs: the documented overshoot is at most one sync interval of its traffic.
      expect(await take(a, 1)).toEqual([true]);
      await a.flush();
      expect(await take(a, 2)).toEqual([false, false]);
      a.stop();
      b.stop();
    });

    it("answers without a Redis round trip and syncs on its own timer", async () => {
      const rules = { api: { ...small(1000, "open", "batched"), windowS: 3600 } };
      const limiter = createRateLimiter({ redis: connect(url), prefix, rules, batchFlushMs: 20 });
      const account = `batched-timer-${run}`;
      const results = await Promise.all(Array.from({ length: 50 }, () => limiter.check("api", { ip: "198.51.100.6", account })));
      expect(results.every((r) => r.ok)).toBe(true);
      const monitor = connect(url);
      await expect.poll(async () => (await monitor.keys(`${prefix}:api:acct:${account}:*`)).length, { timeout: 2000 }).toBe(1);
      const [key] = await monitor.keys(`${prefix}:api:acct:${account}:*`);
      await expect.poll(() => monitor.get(key ?? ""), { timeout: 2000 }).toBe("50");
      limiter.stop();
    });
  });
});

describe("the app's limiter (REDIS_URL from TEST_REDIS_URL, else in process)", () => {
  it("throws RateLimitError on the fourth forgot-password request for one account", async () => {
    const subject = { ip: appLimiterIp, account: `forgot-${run}@example.com` };
    for (let i = 0; i < 3; i++) await enforceLimit("forgot-password", subject);
    const err = await enforceLimit("forgot-password", subject).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err instanceof RateLimitError && err.retryAfterS).toBeGreaterThan(0);
    if (TEST_REDIS_URL) {
      const keys = await connect(TEST_REDIS_URL).keys(`ratelimit:forgot-password:acct:forgot-${run}@example.com:*`);
      expect(keys).toHaveLength(1);
    }
  });
});
