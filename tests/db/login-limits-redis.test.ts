import { execFileSync, spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { attemptLogin } from "@/lib/server/auth/login-flow";
import { checkHealth } from "@/lib/server/ops/health";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import type { LimitRule } from "@/lib/server/rate-limit/limits";
import { holdClockAtMinuteStart } from "../support/clock";
import { setupTestDb } from "../support/db";

// Sign-in limits against real Redis servers: shared by two app instances, and failing closed
// when Redis stops in the middle. The second part starts its own throwaway redis-server (never
// the shared one on 6379), which this file's app config (REDIS_URL, read lazily) points at.
const THROWAWAY_PORT = 6392;
process.env.REDIS_URL = `redis://127.0.0.1:${THROWAWAY_PORT}`;
const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
const hasRedisServer = spawnSync("sh", ["-c", "command -v redis-server && command -v redis-cli"]).status === 0;

const db = setupTestDb();
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const clients: Redis[] = [];
function connect(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 500, retryStrategy: () => 200 });
  client.on("error", () => undefined);
  clients.push(client);
  return client;
}
afterAll(async () => {
  if (TEST_REDIS_URL) {
    const keys = await connect(TEST_REDIS_URL).keys(`llr-${run}:*`);
    if (keys.length) await connect(TEST_REDIS_URL).del(...keys);
  }
  clients.forEach((c) => c.disconnect());
  if (hasRedisServer) spawnSync("redis-cli", ["-p", String(THROWAWAY_PORT), "shutdown", "nosave"]);
});

const meta = { ip: "203.0.113.50", requestId: "req-llr" };
const pub = () => ({ db: db().db, meta });
beforeEach(holdClockAtMinuteStart);
afterEach(() => vi.useRealTimers());
const wrong = (username: string) => ({ username, password: "wrong-password", honeypot: false });

describe.skipIf(!TEST_REDIS_URL)("two app instances sharing one Redis", () => {
  it("count one budget: the 11th sign-in attempt for an account is refused whichever instance gets it", async () => {
    const url = TEST_REDIS_URL ?? "";
    const a = createRateLimiter({ redis: connect(url), prefix: `llr-${run}` });
    const b = createRateLimiter({ redis: connect(url), prefix: `llr-${run}` });
    const kinds = [];
    for (let i = 0; i < 12; i++) kinds.push((await attemptLogin(pub(), wrong(`shared-${run}`), i % 2 ? b : a)).kind);
    expect(kinds.slice(0, 10).every((k) => k === "invalid")).toBe(true);
    expect(kinds.slice(10)).toEqual(["rate_limited", "rate_limited"]);
  });
});

describe.skipIf(!hasRedisServer)("Redis stopped mid-test", () => {
  const rules = { login: { perAccount: 3, ipFactor: 6, windowS: 60, onRedisError: "memory" } satisfies LimitRule };

  it("keeps serving, keeps limiting sign-ins in process (fails closed) and reports degraded health", async () => {
    spawnSync("redis-cli", ["-p", String(THROWAWAY_PORT), "shutdown", "nosave"]);
    execFileSync("redis-server", ["--port", String(THROWAWAY_PORT), "--save", "", "--appendonly", "no", "--daemonize", "yes"]);
    const url = `redis://127.0.0.1:${THROWAWAY_PORT}`;
    for (let i = 0; i < 50 && spawnSync("redis-cli", ["-p", String(THROWAWAY_PORT), "ping"]).stdout?.toString().trim() !== "PONG"; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const clientA = connect(url);
    const a = createRateLimiter({ redis: clientA, prefix: `llr-${run}`, redisTimeoutMs: 300, rules });
    const b = createRateLimiter({ redis: connect(url), prefix: `llr-${run}`, redisTimeoutMs: 300, rules });

    const timed = async (attempt: Promise<{ kind: string }>) => {
      const started = performance.now();
      const { kind } = await attempt;
      return { kind, ms: performance.now() - started };
    };
    const before = [];
    const beforeMs = [];
    for (let i = 0; i < 4; i++) {
      const { kind, ms } = await timed(attemptLogin(pub(), wrong(`up-${run}`), i % 2 ? b : a));
      before.push(kind);
      beforeMs.push(ms);
    }
    expect(before).toEqual(["invalid", "invalid", "invalid", "rate_limited"]);
    expect((await checkHealth()).status).toBe("ok");

    spawnSync("redis-cli", ["-p", String(THROWAWAY_PORT), "shutdown", "nosave"]);
    // The timing below is of a drop the client has seen (its socket's close event delivered); a
    // sign-in racing that event could still send one command into the closing socket.
    await vi.waitFor(() => expect(clientA.status).not.toBe("ready"), { timeout: 2_000, interval: 10 });

    const health = await checkHealth();
    expect(health).toMatchObject({ status: "degraded", db: { ok: true }, redis: { ok: false } });
    const after = [];
    const afterMs = [];
    for (let i = 0; i < 5; i++) {
      const { kind, ms } = await timed(attemptLogin(pub(), wrong(`down-${run}`), a));
      after.push(kind);
      afterMs.push(ms);
    }
    // A dead Redis adds no wait of its own: the limiter's breaker sees the dropped connection
    // and skips it (before, each attempt could wait out the Redis timeout).
    expect(Math.max(...afterMs), `sign-ins with Redis down (ms: ${afterMs.map(Math.round).join(", ")})`).toBeLessThan(Math.max(...beforeMs) + 150);
    // Still answered (the app serves), and still limited: never unlimited while Redis is gone.
    expect(after).toEqual(["invalid", "invalid", "invalid", "rate_limited", "rate_limited"]);
    const api = await a.check("api", { ip: meta.ip, account: `api-${run}` });
    expect(api.ok).toBe(true);
  });
});
