import { describe, expect, it } from "vitest";
import { RateLimitError } from "@/lib/server/errors";
import { accountBucket, createRateLimiter, ipBucket, takeFromMemory } from "@/lib/server/rate-limit/limiter";
import { LIMITS, SHARED_IP_FACTOR } from "@/lib/server/rate-limit/limits";
import { stripShebang } from "@/lib/server/rate-limit/redis-scripts";

const run = Math.random().toString(36).slice(2, 8);
let n = 0;
/** A fresh in-memory limiter with its own key prefix per test. */
function memoryLimiter() {
  n += 1;
  return createRateLimiter({ redis: null, prefix: `test-${run}-${n}` });
}

describe("limit table", () => {
  it("matches DESIGN §5 per account, with per-IP room for a warehouse behind one NAT", () => {
    expect(Object.fromEntries(Object.entries(LIMITS).map(([k, r]) => [k, `${r.perAccount}/${r.windowS}s`]))).toEqual({
      login: "10/60s",
      register: "5/60s",
      "forgot-password": "3/60s",
      "reset-password": "5/60s",
      "2fa-setup": "10/60s",
      "2fa-verify": "5/60s",
      "gate-scan": "120/60s",
      "status-link": "60/60s",
      api: "10000/60s",
      default: "500/3600s",
    });
    expect(LIMITS.login.perAccount * LIMITS.login.ipFactor).toBe(60);
    expect(SHARED_IP_FACTOR).toBeGreaterThan(1);
  });

  it("fails closed for every auth limiter, the gate and the public status link, and open for api/default", () => {
    const modes = Object.fromEntries(Object.entries(LIMITS).map(([k, r]) => [k, r.onRedisError]));
    expect(modes).toEqual({
      login: "memory",
      register: "memory",
      "forgot-password": "memory",
      "reset-password": "memory",
      "2fa-setup": "memory",
      "2fa-verify": "memory",
      // The gate: per IP only (ipFactor 1), still limited when Redis fails.
      "gate-scan": "memory",
      // The public status link: per IP only, still limited when Redis fails (the page is public).
      "status-link": "memory",
      api: "open",
      default: "open",
    });
  });
});

describe("in-memory limiter (REDIS_URL unset)", () => {
  it("allows 10 logins a minute per account, then answers with a retry time", async () => {
    const limiter = memoryLimiter();
    for (let i = 0; i < 10; i++) {
      expect(await limiter.check("login", { ip: `198.51.100.${i}`, account: "Alice" })).toEqual({ ok: true });
    }
    const refused = await limiter.check("login", { ip: "198.51.100.99", account: "alice" });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(!refused.ok && refused.retryAfterS).toBeLessThanOrEqual(60);
    expect(await limiter.check("login", { ip: "198.51.100.99", account: "bob" })).toEqual({ ok: true });
  });

  it("gives one IP six times an account's budget, then stops every account behind it", async () => {
    const limiter = memoryLimiter();
    for (let i = 0; i < 60; i++) {
      expect((await limiter.check("login", { ip: "203.0.113.5", account: `user${i}` })).ok).toBe(true);
    }
    expect((await limiter.check("login", { ip: "203.0.113.5", account: "fresh-user" })).ok).toBe(false);
    expect((await limiter.check("login", { ip: "203.0.113.6", account: "fresh-user" })).ok).toBe(true);
  });

  it("counts a request without any IP in one shared bucket, never unlimited", async () => {
    const limiter = memoryLimiter();
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await limiter.check("forgot-password", { account: `x${i}@example.com` })).ok);
    for (let i = 0; i < 16; i++) await limiter.check("forgot-password", {});
    expect(results).toEqual([true, true, true, true]);
    expect((await limiter.check("forgot-password", { ip: null, account: "y@example.com" })).ok).toBe(false);
  });

  it("enforce throws RateLimitError carrying Retry-After seconds", async () => {
    const limiter = memoryLimiter();
    for (let i = 0; i < 3; i++) await limiter.enforce("forgot-password", { ip: "192.0.2.1", account: "a@b.c" });
    const err = await limiter.enforce("forgot-password", { ip: "192.0.2.1", account: "A@B.C" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err instanceof RateLimitError && err.retryAfterS).toBeGreaterThanOrEqual(1);
  });

  it("slides: half a window later, half of the previous window's requests still count", () => {
    const store = new Map();
    const counter = { key: "k", limit: 10, windowMs: 60_000 };
    const start = 60_000 * 1000;
    for (let i = 0; i < 10; i++) expect(takeFromMemory(counter, start + i, store).ok).toBe(true);
    expect(takeFromMemory(counter, start + 59_000, store).ok).toBe(false);
    // 30 s into the next window: floor(10 * 0.5) = 5 still count, so 5 more fit.
    const later = start + 90_000;
    const oks = Array.from({ length: 7 }, () => takeFromMemory(counter, later, store).ok);
    expect(oks).toEqual([true, true, true, true, true, false, false]);
    expect(takeFromMemory(counter, start + 240_000, store).ok).toBe(true);
  });
});

describe("in-memory store size", () => {
  it("stays bounded under a flood of distinct keys", () => {
    const store = new Map();
    const t = 3_600_000 * 1000;
    for (let i = 0; i < 50_100; i++) takeFromMemory({ key: `k${i}`, limit: 5, windowMs: 60_000 }, t, store);
    takeFromMemory({ key: "late", limit: 5, windowMs: 60_000 }, t + 20_000, store);
    expect(store.size).toBeLessThanOrEqual(50_000);
    expect(store.has("late")).toBe(true);
  });
});

describe("keys", () => {
  it("groups IPv6 clients by /64 and keeps IPv4 as is", () => {
    expect(ipBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("2001:db8:1:2:ffff:eeee:dddd:cccc")).toBe("2001:db8:1:2::/64");
    expect(ipBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipBucket("::1")).toBe("0:0:0:0::/64");
    expect(ipBucket("203.0.113.7")).toBe("203.0.113.7");
  });

  it("treats account names case-insensitively", () => {
    expect(accountBucket("  Alice ")).toBe("alice");
    expect(accountBucket("x".repeat(500))).toHaveLength(128);
  });

  it("strips Upstash's Lua shebang, which Redis 7.0 rejects", () => {
    expect(stripShebang("#!lua flags=allow-key-locking\n  local key = KEYS[1]")).toBe("  local key = KEYS[1]");
    expect(stripShebang("return 1")).toBe("return 1");
  });
});
