import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RateLimitError } from "@/lib/server/errors";
import { createRateLimiter, enforceLimit, type LimitRule } from "@/lib/server/rate-limit";

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
const small = (perAccount: number, onRedisError: LimitRule["onRedisError"]): LimitRule => ({
  perAccount,
  ipFactor: 6,
  windowS: 60,
  onRedisError,
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
