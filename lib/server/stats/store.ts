import "server-only";
import type { Redis } from "ioredis";
import { getRedis } from "../redis";
import { createRedisBreaker, RedisSkippedError } from "../redis-breaker";
import type { CounterOp } from "./change";
import { recordDroppedBumps } from "./runtime-metrics";

/** Where the counters live: Redis (shared by every instance) or this process (one instance only). */
export interface StatsStore {
  readonly kind: "redis" | "memory";
  /** Applies every op atomically (one MULTI on Redis). */
  apply(ops: CounterOp[]): Promise<void>;
  /** Current values of plain counters, 0 when absent (one MGET on Redis). */
  get(keys: string[]): Promise<number[]>;
  /** A hash counter's fields, {} when absent. */
  getHash(key: string): Promise<Record<string, number>>;
  /** One field of a hash counter, 0 when absent. */
  getField(key: string, field: string): Promise<number>;
  /** True when this caller may run a job named `key` for the next `ttlS` seconds (SET NX EX). */
  claim(key: string, ttlS: number): Promise<boolean>;
  setNote(key: string, value: string, ttlS: number): Promise<void>;
  getNote(key: string): Promise<string | null>;
  /** Redis only: 0 while Redis is used, else how long it is skipped after a failure. */
  retryAfterMs?(): number;
  /** Redis only: `listener` runs when Redis answers again after a failure. */
  onRecover?(listener: () => void): void;
}

export interface RedisStatsOptions {
  /** Give up on one Redis call after this long (the request path waits far less: see read.ts). */
  timeoutMs?: number;
  /** After a failure, skip Redis this long. */
  skipMs?: number;
}

/**
 * Counters in Redis behind the shared breaker (../redis-breaker): after a failure every call
 * fails at once with RedisSkippedError for a few seconds, and at once while the connection is down.
 */
export function createRedisStatsStore(redis: Redis, prefix = "stats", options: RedisStatsOptions = {}): StatsStore {
  const k = (key: string) => `${prefix}:${key}`;
  const breaker = createRedisBreaker({ timeoutMs: options.timeoutMs ?? 1000, skipMs: options.skipMs, client: redis });
  const { run } = breaker;
  return {
    kind: "redis",
    async apply(ops) {
      if (ops.length === 0) return;
      await run(async () => {
        const multi = redis.multi();
        const expiring = new Map<string, number>();
        for (const op of ops) {
          if (op.field === undefined) multi.incrby(k(op.key), op.by);
          else multi.hincrby(k(op.key), op.field, op.by);
          if (op.ttlS) expiring.set(op.key, op.ttlS);
        }
        for (const [key, ttl] of expiring) multi.expire(k(key), ttl);
        const results = await multi.exec();
        const failed = results?.find(([err]) => err);
        if (!results || failed) throw failed?.[0] ?? new Error("stats MULTI was discarded");
      });
    },
    async get(keys) {
      if (keys.length === 0) return [];
      const values = await run(() => redis.mget(keys.map(k)));
      return values.map((v) => Number(v ?? 0) || 0);
    },
    async getHash(key) {
      const raw = await run(() => redis.hgetall(k(key)));
      return Object.fromEntries(Object.entries(raw).map(([f, v]) => [f, Number(v) || 0]));
    },
    async getField(key, field) {
      return Number(await run(() => redis.hget(k(key), field))) || 0;
    },
    async claim(key, ttlS) {
      return (await run(() => redis.set(k(key), String(process.pid), "EX", ttlS, "NX"))) === "OK";
    },
    async setNote(key, value, ttlS) {
      await run(() => redis.set(k(key), value, "EX", ttlS));
    },
    getNote: (key) => run(() => redis.get(k(key))),
    retryAfterMs: () => breaker.retryAfterMs(),
    onRecover: (listener) => breaker.onRecover(listener),
  };
}

/** Counters in a Map: right for one instance without REDIS_URL, wrong for two (each counts alone). */
export function createMemoryStatsStore(): StatsStore {
  const values = new Map<string, number>();
  const hashes = new Map<string, Map<string, number>>();
  const notes = new Map<string, string>();
  const expiresAt = new Map<string, number>();
  const live = (key: string) => {
    const until = expiresAt.get(key);
    if (until !== undefined && until <= Date.now()) {
      values.delete(key);
      hashes.delete(key);
      notes.delete(key);
      expiresAt.delete(key);
    }
    return key;
  };
  return {
    kind: "memory",
    async apply(ops) {
      for (const op of ops) {
        const key = live(op.key);
        if (op.field === undefined) values.set(key, (values.get(key) ?? 0) + op.by);
        else {
          const hash = hashes.get(key) ?? new Map<string, number>();
          hash.set(op.field, (hash.get(op.field) ?? 0) + op.by);
          hashes.set(key, hash);
        }
        if (op.ttlS) expiresAt.set(key, Date.now() + op.ttlS * 1000);
      }
    },
    async get(keys) {
      return keys.map((key) => values.get(live(key)) ?? 0);
    },
    async getHash(key) {
      return Object.fromEntries(hashes.get(live(key)) ?? []);
    },
    async getField(key, field) {
      return hashes.get(live(key))?.get(field) ?? 0;
    },
    async claim(key, ttlS) {
      if (notes.has(live(key))) return false;
      notes.set(key, String(process.pid));
      expiresAt.set(key, Date.now() + ttlS * 1000);
      return true;
    },
    async setNote(key, value, ttlS) {
      notes.set(key, value);
      expiresAt.set(key, Date.now() + ttlS * 1000);
    },
    async getNote(key) {
      return notes.get(live(key)) ?? null;
    },
  };
}

export interface BatchingOptions {
  /** How long bumps gather before one MULTI sends them all (default 200 ms). */
  flushMs?: number;
  /** Bumps lost: a flush that failed after sending, or more counters than `maxPending` (reconciliation repairs them). */
  onDropped?: (err: unknown, ops: number) => void;
  /** Most distinct counters held while Redis is skipped (default 10,000); bumps to further ones are dropped. */
  maxPending?: number;
}

/**
 * Gathers counter bumps for `flushMs` and sends them as one atomic MULTI of summed increments,
 * instead of one Redis round trip per scan. Reads flush first, so an instance always reads its
 * own bumps; another instance sees them within `flushMs` (DESIGN §6 allows 5 s of staleness).
 * While Redis is skipped (RedisSkippedError: nothing was sent) the bumps stay here, summed per
 * counter so memory is bounded, and go out once Redis answers again; a flush that failed after
 * sending is dropped instead (it may have been applied), for reconciliation to repair.
 */
export function createBatchingStatsStore(inner: StatsStore, options: BatchingOptions = {}): StatsStore & { flush(): Promise<void> } {
  const flushMs = options.flushMs ?? 200;
  const maxPending = options.maxPending ?? 10_000;
  let pending = new Map<string, CounterOp>();
  let timer: NodeJS.Timeout | null = null;
  let sending: Promise<void> | null = null;
  let queued: Promise<void> | null = null;

  /** Adds ops to `pending`; returns how many found no room. */
  function gather(ops: CounterOp[]): number {
    let dropped = 0;
    for (const op of ops) {
      const id = `${op.key}\u0000${op.field ?? ""}`;
      const seen = pending.get(id);
      if (!seen && pending.size >= maxPending) dropped += 1;
      else pending.set(id, seen ? { ...seen, by: seen.by + op.by, ttlS: Math.max(seen.ttlS ?? 0, op.ttlS ?? 0) || undefined } : { ...op });
    }
    return dropped;
  }

  function schedule(ms: number): void {
    if (timer || pending.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, ms);
    timer.unref();
  }

  async function send(): Promise<void> {
    const ops = [...pending.values()].filter((op) => op.by !== 0 || op.ttlS);
    pending = new Map();
    if (ops.length === 0) return;
    try {
      await inner.apply(ops);
    } catch (err) {
      if (!(err instanceof RedisSkippedError)) {
        options.onDropped?.(err, ops.length);
        return;
      }
      const dropped = gather(ops);
      if (dropped > 0) options.onDropped?.(new Error(`more than ${maxPending} counters waiting for Redis`), dropped);
      // Try again when the skip ends, but at least every second: a reconnect may end it early.
      schedule(Math.max(flushMs, Math.min(err.retryAfterMs, 1000)));
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    // One MULTI at a time, in order; what is gathered meanwhile goes in the one after, so a slow
    // Redis never builds a queue of flushes.
    if (!sending) {
      sending = send().finally(() => {
        sending = null;
      });
      return sending;
    }
    queued ??= sending.then(() => {
      queued = null;
      return flush();
    });
    return queued;
  }

  return {
    ...inner,
    async apply(ops) {
      const dropped = gather(ops);
      if (dropped > 0) options.onDropped?.(new Error(`more than ${maxPending} counters waiting for Redis`), dropped);
      schedule(flushMs);
    },
    async get(keys) {
      await flush();
      return inner.get(keys);
    },
    async getHash(key) {
      await flush();
      return inner.getHash(key);
    },
    async getField(key, field) {
      await flush();
      return inner.getField(key, field);
    },
    flush,
  };
}

// On globalThis: instrumentation (the reconciler) and the routes are bundled separately but must
// share one in-memory store.
const globalForStats = globalThis as typeof globalThis & { __tracetrackStatsStore?: StatsStore };

/** The process's counter store: Redis when REDIS_URL is set, else in-process. */
export function getStatsStore(): StatsStore {
  if (!globalForStats.__tracetrackStatsStore) {
    const redis = getRedis();
    globalForStats.__tracetrackStatsStore = redis
      ? createBatchingStatsStore(createRedisStatsStore(redis), { onDropped: (err, ops) => recordDroppedBumps(ops, err) })
      : createMemoryStatsStore();
  }
  return globalForStats.__tracetrackStatsStore;
}

/** Tests install their own store (own key prefix), like setDbHandle. */
export function setStatsStore(store: StatsStore | undefined): void {
  globalForStats.__tracetrackStatsStore = store;
}
