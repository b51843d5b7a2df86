import "server-only";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

// Per-process numbers for /api/system_health. Kept on globalThis because route bundles and
// instrumentation each load their own copy of this module.
interface RuntimeMetrics {
  startedAt: number;
  /** 5xx answers by minute (epoch minute → count), the last hour kept. */
  serverErrors: Map<number, number>;
  serverErrorsTotal: number;
  cacheHits: number;
  cacheMisses: number;
  droppedBumps: number;
  loop?: { histogram: IntervalHistogram; last?: LoopDelay; rotatedAt: number };
}

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  windowS: number;
}

const g = globalThis as typeof globalThis & { __tracetrackRuntime?: RuntimeMetrics };

function metrics(): RuntimeMetrics {
  g.__tracetrackRuntime ??= {
    startedAt: Date.now(),
    serverErrors: new Map(),
    serverErrorsTotal: 0,
    cacheHits: 0,
    cacheMisses: 0,
    droppedBumps: 0,
  };
  return g.__tracetrackRuntime;
}

const minute = (t: number) => Math.floor(t / 60_000);

/** Counts one 5xx answer (withErrors calls this). */
export function recordServerError(now = Date.now()): void {
  const m = metrics();
  m.serverErrorsTotal += 1;
  const bucket = minute(now);
  m.serverErrors.set(bucket, (m.serverErrors.get(bucket) ?? 0) + 1);
  for (const key of m.serverErrors.keys()) if (key < bucket - 60) m.serverErrors.delete(key);
}

export function serverErrorCounts(now = Date.now()): { last15Min: number; total: number } {
  const m = metrics();
  const from = minute(now) - 14;
  let last15Min = 0;
  for (const [key, n] of m.serverErrors) if (key >= from) last15Min += n;
  return { last15Min, total: m.serverErrorsTotal };
}

export function recordCacheLookup(hit: boolean): void {
  const m = metrics();
  if (hit) m.cacheHits += 1;
  else m.cacheMisses += 1;
}

let lastDropWarnAt = 0;

/** Counter updates lost to a Redis failure: counted for the health page, logged at most once a minute. */
export function recordDroppedBumps(count: number, err?: unknown): void {
  metrics().droppedBumps += count;
  if (err === undefined || Date.now() - lastDropWarnAt < 60_000) return;
  lastDropWarnAt = Date.now();
  console.warn(`[stats] ${count} counter update(s) failed; reconciliation will repair them:`, String(err));
}

export function cacheAndBumpCounts() {
  const { cacheHits, cacheMisses, droppedBumps } = metrics();
  return { cacheHits, cacheMisses, droppedBumps };
}

const ns = (v: number) => Math.round(v / 1e4) / 100;
const LOOP_WINDOW_MS = 60_000;

/** Starts sampling event-loop delay (idempotent); called at server start. */
export function startLoopMonitor(): void {
  const m = metrics();
  if (m.loop) return;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  m.loop = { histogram, rotatedAt: Date.now() };
}

/** Delay over the last full minute (or the current partial one), in ms; null when not started. */
export function loopDelay(now = Date.now()): LoopDelay | null {
  const loop = metrics().loop;
  if (!loop) return null;
  const h = loop.histogram;
  const current = (): LoopDelay => ({
    p50Ms: ns(h.percentile(50)),
    p99Ms: ns(h.percentile(99)),
    maxMs: ns(h.max),
    windowS: Math.round((now - loop.rotatedAt) / 1000),
  });
  if (now - loop.rotatedAt >= LOOP_WINDOW_MS) {
    loop.last = current();
    h.reset();
    loop.rotatedAt = now;
  }
  return loop.last ?? (h.count > 0 ? current() : null);
}
