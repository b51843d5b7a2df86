import "server-only";
import { withTimeout } from "./timeout";

/**
 * A call the breaker did not make: Redis failed a moment ago (or its connection is down), so
 * nothing was sent. Callers may keep what they meant to write and send it later.
 */
export class RedisSkippedError extends Error {
  constructor(
    /** How long until the breaker lets a call through again (0: as soon as a running probe settles). */
    public readonly retryAfterMs: number,
    reason: string,
  ) {
    super(`Redis skipped: ${reason}`);
    this.name = "RedisSkippedError";
  }
}

/** What the breaker reads of an ioredis client (its status, and the event when it is ready). */
export interface RedisConnection {
  readonly status: string;
  on(event: "ready", listener: () => void): unknown;
}

export interface RedisBreakerOptions {
  /** Give up on one call after this long; that counts as a failure. */
  timeoutMs: number;
  /** After a failure, skip Redis this long (default 5 s). */
  skipMs?: number;
  /**
   * The connection: once it has been ready, calls fail at once while it is not (dropped,
   * reconnecting, or connected to something that never answers), and the first call after it
   * is ready again goes through without waiting out `skipMs`.
   */
  client?: RedisConnection;
  /** A call failed or timed out (not called for skipped calls). */
  onFailure?: (err: unknown) => void;
}

export interface RedisBreaker {
  /** Runs `call` within `timeoutMs`, or rejects with RedisSkippedError without calling it. */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** 0 while calls go through, else how long until the next try. */
  retryAfterMs(now?: number): number;
  /** Called when a call succeeds again after a failure (the outage is over). */
  onRecover(listener: () => void): void;
}

export const REDIS_SKIP_MS = 5_000;

/**
 * The short-circuit every Redis user shares: after a failure, skip Redis for `skipMs` so a
 * dead server does not add its timeout to every request; then one call at a time probes it
 * (the others keep skipping) until one succeeds.
 */
export function createRedisBreaker(options: RedisBreakerOptions): RedisBreaker {
  const skipMs = options.skipMs ?? REDIS_SKIP_MS;
  const { client } = options;
  let tripped = false;
  let skippedUntil = 0;
  let probing = false;
  let everReady = client?.status === "ready";
  const listeners: (() => void)[] = [];

  client?.on("ready", () => {
    everReady = true;
    // Reconnected: let the next call probe now instead of after the rest of the skip period.
    skippedUntil = 0;
  });

  function trip(): void {
    tripped = true;
    skippedUntil = Date.now() + skipMs;
  }

  function retryAfterMs(now = Date.now()): number {
    return tripped ? Math.max(0, skippedUntil - now) : 0;
  }

  async function run<T>(call: () => Promise<T>): Promise<T> {
    const now = Date.now();
    if (tripped && (now < skippedUntil || probing)) throw new RedisSkippedError(retryAfterMs(now), "it failed a moment ago");
    if (client && everReady && client.status !== "ready") {
      trip();
      throw new RedisSkippedError(skipMs, `the connection is ${client.status}`);
    }
    const probe = tripped;
    if (probe) probing = true;
    try {
      const value = await withTimeout(call(), options.timeoutMs, `Redis did not answer within ${options.timeoutMs} ms`);
      if (tripped) {
        tripped = false;
        skippedUntil = 0;
        for (const listener of listeners) {
          try {
            listener();
          } catch {
            // A listener's trouble is its own; this call succeeded and answers.
          }
        }
      }
      return value;
    } catch (err) {
      trip();
      options.onFailure?.(err);
      throw err;
    } finally {
      if (probe) probing = false;
    }
  }

  return { run, retryAfterMs, onRecover: (listener) => void listeners.push(listener) };
}
