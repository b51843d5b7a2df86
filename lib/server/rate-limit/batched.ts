import "server-only";
import type { Redis } from "ioredis";
import { withTimeout } from "../timeout";
import type { LimitCounter, LimitResult } from "./limits";

/*
 * Shared counting for the high-volume limiters (api 10,000/min, default 500/h) without a Redis
 * round trip on the request path. Each instance decides locally from what it last learnt of the
 * shared count plus what it has counted since, and every `flushMs` sends its new counts to Redis
 * in ONE pipeline (INCRBY + PEXPIRE on this window's key, GET of the previous window's), which
 * answers with the shared totals. Same sliding-window arithmetic as the exact limiters.
 *
 * The price: between two flushes an instance does not see the others' requests, so N instances
 * can together admit up to N × (one flush interval of traffic) past the limit. For budgets of
 * thousands a minute that is noise; the auth limiters (10/min) stay exact and go to Redis every
 * time. When Redis fails, counting simply stays local (each instance still enforces the limit on
 * its own traffic) until a flush succeeds again.
 */

interface Window {
  index: number;
  windowMs: number;
  /** Shared count of this window as Redis last answered (includes our flushed requests). */
  known: number;
  /** Counted here, sent in the flush now in flight. */
  inflight: number;
  /** Counted here since the last flush started. */
  pending: number;
  /** Shared count of the previous window. */
  previous: number;
}

export interface BatchedCounter {
  /** Counts one request when there is room (synchronously, no I/O); refused requests are not counted. */
  take(counter: LimitCounter, now?: number): LimitResult;
  /** Sends what was counted since the last flush and learns the shared totals (tests call it directly). */
  flush(): Promise<void>;
  /** Stops the timer (tests). */
  stop(): void;
}

export interface BatchedCounterOptions {
  redis: Redis;
  flushMs?: number;
  /** Give up on a flush after this long; its counts stay local. */
  timeoutMs?: number;
  /** Called once per failure burst (logging). */
  onError?: (err: unknown) => void;
}

const SOFT_CAP = 50_000;

export function createBatchedCounter(options: BatchedCounterOptions): BatchedCounter {
  const { redis } = options;
  const flushMs = options.flushMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 1000;
  const windows = new Map<string, Window>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;

  function windowOf(counter: LimitCounter, now: number): Window {
    const index = Math.floor(now / counter.windowMs);
    const old = windows.get(counter.key);
    if (old?.index === index) return old;
    const carried = old?.index === index - 1 ? old.known + old.inflight + old.pending : 0;
    const fresh: Window = { index, windowMs: counter.windowMs, known: 0, inflight: 0, pending: 0, previous: carried };
    windows.set(counter.key, fresh);
    if (windows.size > SOFT_CAP) prune(now);
    return fresh;
  }

  function prune(now: number): void {
    for (const [key, w] of windows) if (w.index < Math.floor(now / w.windowMs) - 1 && w.pending === 0 && w.inflight === 0) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size <= SOFT_CAP) break;
      windows.delete(key);
    }
  }

  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, flushMs);
    timer.unref();
  }

  async function sendBatch(): Promise<void> {
    const batch = [...windows].filter(([, w]) => w.pending > 0);
    if (batch.length === 0) return;
    const sent = batch.map(([key, w]) => {
      const n = w.pending;
      w.inflight += n;
      w.pending = 0;
      return { key, w, index: w.index, n };
    });
    const pipeline = redis.pipeline();
    for (const { key, w, index, n } of sent) {
      pipeline.incrby(`${key}:${index}`, n).pexpire(`${key}:${index}`, w.windowMs * 2).get(`${key}:${index - 1}`);
    }
    let replies: [Error | null, unknown][] | null = null;
    let failure: unknown = null;
    try {
      replies = await withTimeout(pipeline.exec(), timeoutMs, `Redis did not answer within ${timeoutMs} ms`);
    } catch (err) {
      failure = err;
    }
    sent.forEach(({ w, index, n }, i) => {
      w.inflight -= n;
      const total = replies?.[i * 3];
      const prev = replies?.[i * 3 + 2];
      if (!total || total[0] || w.index !== index) {
        // Not confirmed (or the window turned meanwhile): keep it as local knowledge.
        if (w.index === index) w.known += n;
        else if (w.index === index + 1) w.previous += n;
        return;
      }
      w.known = Math.max(w.known, Number(total[1]));
      if (prev && !prev[0] && prev[1] !== null) w.previous = Math.max(w.previous, Number(prev[1]));
    });
    if (failure || replies?.some(([err]) => err)) options.onError?.(failure ?? replies?.find(([err]) => err)?.[0]);
  }

  function flush(): Promise<void> {
    // One flush at a time; a flush asked for meanwhile runs after it.
    const run = (flushing ?? Promise.resolve()).then(sendBatch).finally(() => {
      if (flushing === run) flushing = null;
    });
    flushing = run;
    return run;
  }

  return {
    take(counter, now = Date.now()) {
      const w = windowOf(counter, now);
      const weight = 1 - (now % counter.windowMs) / counter.windowMs;
      const used = Math.floor(w.previous * weight) + w.known + w.inflight + w.pending;
      if (used >= counter.limit) {
        return { ok: false, retryAfterS: Math.max(1, Math.ceil(((w.index + 1) * counter.windowMs - now) / 1000)) };
      }
      w.pending += 1;
      schedule();
      return { ok: true };
    },
    flush,
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
