import "server-only";
import { isIP } from "node:net";
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "ioredis";
import { RateLimitError } from "../errors";
import { getRedis } from "../redis";
import { createRedisBreaker } from "../redis-breaker";
import { createBatchedCounter, type BatchedCounter } from "./batched";
import { LIMITS, type LimitCounter, type LimitName, type LimitResult, type LimitRule, type LimitSubject, type RateLimiter } from "./limits";
import { createScriptClient } from "./redis-scripts";

export interface RateLimiterOptions {
  /** null → in-process counters only (REDIS_URL unset). */
  redis: Redis | null;
  /** First segment of every key; tests use their own. */
  prefix?: string;
  /** Give up on Redis after this long and apply the failure mode. */
  redisTimeoutMs?: number;
  /** Replaces rules of LIMITS (tuning, or small numbers in tests). */
  rules?: Partial<Record<LimitName, LimitRule>>;
  /** How often "batched" rules sync with Redis (default 250 ms). */
  batchFlushMs?: number;
}

type Scope = "ip" | "acct";

/** The per-IP key: IPv6 by /64, since one host usually holds the whole prefix. */
export function ipBucket(ip: string): string {
  const trimmed = ip.trim().toLowerCase();
  if (isIP(trimmed) !== 6) return trimmed.slice(0, 64) || "unknown";
  const [head = "", tail] = trimmed.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail counts as one group here; only the first four groups are kept anyway.
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/** The per-account key: case-insensitive like usernames, bounded in length. */
export function accountBucket(account: string): string {
  return account.trim().toLowerCase().slice(0, 128);
}

// ---- in-process sliding window (same arithmetic as Upstash's slidingWindow script) ----

interface WindowCount {
  index: number;
  current: number;
  previous: number;
  windowMs: number;
}
type MemoryStore = Map<string, WindowCount>;
const globalForLimits = globalThis as typeof globalThis & { __tracetrackRateLimits?: MemoryStore };

function memoryStore(): MemoryStore {
  globalForLimits.__tracetrackRateLimits ??= new Map();
  return globalForLimits.__tracetrackRateLimits;
}

const MEMORY_SOFT_CAP = 50_000;
let lastPruneAt = 0;

function pruneMemory(store: MemoryStore, now: number): void {
  if (store.size < MEMORY_SOFT_CAP || Math.abs(now - lastPruneAt) < 10_000) return;
  lastPruneAt = now;
  for (const [key, w] of store) if (w.index < Math.floor(now / w.windowMs) - 1) store.delete(key);
  // A flood of distinct keys must not grow memory without bound: forget the oldest first.
  for (const key of store.keys()) {
    if (store.size <= MEMORY_SOFT_CAP) break;
    store.delete(key);
  }
}

/** Counts one request in this process; refused requests are not counted. */
export function takeFromMemory(counter: LimitCounter, now = Date.now(), store = memoryStore()): LimitResult {
  const index = Math.floor(now / counter.windowMs);
  const old = store.get(counter.key);
  const w: WindowCount =
    old?.index === index
      ? old
      : { index, current: 0, previous: old?.index === index - 1 ? old.current : 0, windowMs: counter.windowMs };
  const weight = 1 - (now % counter.windowMs) / counter.windowMs;
  const used = Math.floor(w.previous * weight) + w.current;
  if (used >= counter.limit) {
    store.set(counter.key, w);
    return { ok: false, retryAfterS: retryAfter((index + 1) * counter.windowMs, now) };
  }
  w.current += 1;
  store.set(counter.key, w);
  pruneMemory(store, now);
  return { ok: true };
}

function retryAfter(resetMs: number, now: number): number {
  return Math.max(1, Math.ceil((resetMs - now) / 1000));
}

let lastWarnedAt = 0;
function warnRedisFailure(err: unknown): void {
  if (Date.now() - lastWarnedAt < 60_000) return;
  lastWarnedAt = Date.now();
  console.warn("[rate-limit] Redis unavailable, applying each limiter's failure mode:", String(err));
}

type UpstashRedis = ConstructorParameters<typeof Ratelimit>[0]["redis"];

/** Builds a limiter over one Redis connection (or none). The app uses the default one below. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const prefix = options.prefix ?? "ratelimit";
  const timeoutMs = options.redisTimeoutMs ?? 1500;
  // Ratelimit only calls eval/evalsha/scriptLoad, which the adapter implements over ioredis.
  const scripts = options.redis ? (createScriptClient(options.redis) as unknown as UpstashRedis) : null;
  const upstash = new Map<string, Ratelimit>();
  // After a failure, skip Redis for a few seconds so a dead server doesn't add its timeout to every
  // request; with the client, a dropped connection is skipped at once instead of timed out.
  const breaker = createRedisBreaker({ timeoutMs, client: options.redis ?? undefined, onFailure: warnRedisFailure });
  const batched: BatchedCounter | null = options.redis
    ? createBatchedCounter({ redis: options.redis, flushMs: options.batchFlushMs, timeoutMs, onError: warnRedisFailure })
    : null;

  function upstashFor(name: LimitName, scope: Scope, limit: number, windowS: number, redis: UpstashRedis): Ratelimit {
    const id = `${name}:${scope}`;
    let limiter = upstash.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis,
        prefix: `${prefix}:${id}`,
        limiter: Ratelimit.slidingWindow(limit, `${windowS} s`),
        // Ratelimit's own timeout answers "success" (fails open); ours applies the rule's mode.
        timeout: 0,
        analytics: false,
        enableProtection: false,
      });
      upstash.set(id, limiter);
    }
    return limiter;
  }

  async function checkOne(name: LimitName, scope: Scope, id: string): Promise<LimitResult> {
    const rule: LimitRule = options.rules?.[name] ?? LIMITS[name];
    const limit = scope === "ip" ? rule.perAccount * rule.ipFactor : rule.perAccount;
    const counter = { key: `${prefix}:${name}:${scope}:${id}`, limit, windowMs: rule.windowS * 1000 };
    if (!scripts) return takeFromMemory(counter);
    if (rule.sync === "batched" && batched) return batched.take(counter);
    const fallback = (): LimitResult => (rule.onRedisError === "open" ? { ok: true } : takeFromMemory(counter));
    try {
      const res = await breaker.run(() => upstashFor(name, scope, limit, rule.windowS, scripts).limit(id));
      return res.success ? { ok: true } : { ok: false, retryAfterS: retryAfter(res.reset, Date.now()) };
    } catch {
      // Failed (the breaker logged it and now skips Redis for a few seconds) or skipped.
      return fallback();
    }
  }

  async function check(name: LimitName, subject: LimitSubject): Promise<LimitResult> {
    const keys: [Scope, string][] = [];
    // Without any IP the request still lands in one shared bucket: never unlimited.
    keys.push(["ip", subject.ip ? ipBucket(subject.ip) : "unknown"]);
    if (subject.account?.trim()) keys.push(["acct", accountBucket(subject.account)]);
    const results = await Promise.all(keys.map(([scope, id]) => checkOne(name, scope, id)));
    const waits = results.flatMap((r) => (r.ok ? [] : [r.retryAfterS]));
    return waits.length === 0 ? { ok: true } : { ok: false, retryAfterS: Math.max(...waits) };
  }

  return {
    check,
    async enforce(name, subject) {
      const result = await check(name, subject);
      if (!result.ok) throw new RateLimitError(result.retryAfterS, LIMITS[name].what);
    },
    flush: () => batched?.flush() ?? Promise.resolve(),
    stop: () => batched?.stop(),
  };
}

const globalForLimiter = globalThis as typeof globalThis & { __tracetrackLimiter?: RateLimiter };

function defaultLimiter(): RateLimiter {
  globalForLimiter.__tracetrackLimiter ??= createRateLimiter({ redis: getRedis() });
  return globalForLimiter.__tracetrackLimiter;
}

/** Counts a request on the app's limiter (Redis when configured); a value for server actions. */
export function checkLimit(name: LimitName, subject: LimitSubject): Promise<LimitResult> {
  return defaultLimiter().check(name, subject);
}

/** Counts a request and throws RateLimitError (→ 429 with Retry-After) when over; for routes. */
export function enforceLimit(name: LimitName, subject: LimitSubject): Promise<void> {
  return defaultLimiter().enforce(name, subject);
}
