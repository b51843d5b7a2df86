import "server-only";
import { BILL_STATUSES } from "@/lib/domain";
import type { PassCounts, StatsDto } from "@/lib/dto/stats";
import { can } from "@/lib/permissions";
import { istDay } from "@/lib/time";
import { getDb } from "../db";
import { readPassCounts } from "../passes/counts";
import type { Actor } from "../service";
import { UnavailableError } from "../errors";
import { bagKey, billKey, hourlyKey, scansKey, userScansKey, type StatsScope } from "./keys";
import { createLastGood, type LastGood } from "./last-good";
import { recordCacheLookup } from "./runtime-metrics";
import { getStatsStore, type StatsStore } from "./store";

/** What the numbers depend on: the viewer's role and area. */
export type StatsViewer = Pick<Actor, "role" | "dispatchArea">;

/** A viewer's scope: all areas, their own area, or nothing (a dispatcher without an area). */
export function scopeOf(viewer: StatsViewer): StatsScope | null {
  if (can(viewer.role, "bags:view_all_areas")) return "all";
  return viewer.dispatchArea ? `area:${viewer.dispatchArea}` : null;
}

/** Straight from the counters: one MGET. */
export async function readStats(scope: StatsScope | null, store: StatsStore = getStatsStore(), now = new Date()): Promise<StatsDto> {
  const generatedAt = now.toISOString();
  const zeroBills = { new: 0, processing: 0, completed: 0, dispatched: 0 };
  if (!scope) return { totalBags: 0, parentBags: 0, childBags: 0, bills: zeroBills, scansToday: 0, generatedAt };
  const keys = [bagKey(scope, "parent"), bagKey(scope, "child"), scansKey(scope, istDay(now)), ...BILL_STATUSES.map(billKey)];
  const [parentBags = 0, childBags = 0, scansToday = 0, ...bills] = await store.get(keys);
  return {
    totalBags: parentBags + childBags,
    parentBags,
    childBags,
    bills: { new: bills[0] ?? 0, processing: bills[1] ?? 0, completed: bills[2] ?? 0, dispatched: bills[3] ?? 0 },
    scansToday,
    generatedAt,
  };
}

/** How long /api/stats may answer from this process's copy (the issue allows ≤ 5 s). */
export const STATS_CACHE_MS = 2_000;
/** How long a request waits for Redis before it answers the last numbers it knows, marked stale. */
export const STATS_PATIENCE_MS = 100;

export type ScanActivity = Awaited<ReturnType<typeof readScanActivity>>;

let lastStaleWarnAt = 0;
function warnStale(reason: unknown): void {
  if (Date.now() - lastStaleWarnAt < 60_000) return;
  lastStaleWarnAt = Date.now();
  console.warn("[stats] Redis did not answer; serving the last known numbers:", String(reason));
}

// On globalThis: the dashboard page and the routes are bundled separately but must share the
// last good numbers.
const g = globalThis as typeof globalThis & { __tracetrackStatsServed?: { stats: LastGood<StatsDto>; activity: LastGood<ScanActivity> } };
function served() {
  g.__tracetrackStatsServed ??= {
    stats: createLastGood<StatsDto>({ ttlMs: STATS_CACHE_MS, patienceMs: STATS_PATIENCE_MS, onLookup: recordCacheLookup, onStale: warnStale }),
    activity: createLastGood<ScanActivity>({ ttlMs: STATS_CACHE_MS, patienceMs: STATS_PATIENCE_MS, onStale: warnStale }),
  };
  return g.__tracetrackStatsServed;
}

/** No numbers at all yet (Redis down since this instance started): 503 with Retry-After, never a wait or a 500. */
function unavailable(store: StatsStore): UnavailableError {
  const retryAfterS = Math.max(1, Math.ceil((store.retryAfterMs?.() ?? 0) / 1000));
  return new UnavailableError("Statistics are temporarily unavailable. Please try again in a few seconds.", retryAfterS);
}

/**
 * The viewer's stats, at most STATS_CACHE_MS old, within STATS_PATIENCE_MS: when Redis is slow or
 * down, the last numbers this instance saw with `stale: true`. Concurrent misses share one read.
 * Bills are dropped for roles without bills:view.
 */
export async function getStatsFor(viewer: StatsViewer, now = Date.now()): Promise<StatsDto> {
  const scope = scopeOf(viewer);
  const store = getStatsStore();
  let stats: StatsDto;
  try {
    const { value, stale } = await served().stats.read(scope ?? "none", () => readStats(scope, store), now);
    stats = stale ? { ...value, stale: true } : value;
  } catch {
    throw unavailable(store);
  }
  const passes = await passCountsFor(viewer, now);
  return can(viewer.role, "bills:view") ? { ...stats, passes } : { ...stats, bills: null, passes };
}

/** How long a stats request waits for the pass counts before answering without them (null). */
export const PASS_COUNTS_PATIENCE_MS = 500;
const gp = globalThis as typeof globalThis & { __tracetrackPassCounts?: LastGood<PassCounts> };

/**
 * The gate pass counts of /api/stats: two indexed counts on the small gate_passes table (see
 * readPassCounts), shared for STATS_CACHE_MS like the counters. Null for roles that cannot see
 * passes (dispatchers: they have no passes) and when the database did not answer in time (the
 * bag and bill numbers still come; the last counts known are served, as for Redis).
 */
async function passCountsFor(viewer: StatsViewer, now: number): Promise<PassCounts | null> {
  if (!can(viewer.role, "passes:view")) return null;
  gp.__tracetrackPassCounts ??= createLastGood<PassCounts>({ ttlMs: STATS_CACHE_MS, patienceMs: PASS_COUNTS_PATIENCE_MS });
  try {
    return (await gp.__tracetrackPassCounts.read("all", () => readPassCounts(getDb(), new Date(now)), now)).value;
  } catch (err) {
    console.warn("[stats] gate pass counts unavailable:", String(err));
    return null;
  }
}

/** Today's scans per hour and the viewer's own count like getStatsFor: within the patience, else the last known, stale. */
export async function getScanActivityFor(viewer: StatsViewer & Pick<Actor, "id">, now = Date.now()): Promise<ScanActivity & { stale?: true }> {
  const scope = scopeOf(viewer);
  const store = getStatsStore();
  try {
    const { value, stale } = await served().activity.read(`${scope ?? "none"}|${viewer.id}`, () => readScanActivity(scope, viewer.id, store), now);
    return stale ? { ...value, stale: true } : value;
  } catch {
    throw unavailable(store);
  }
}

/** Today's scans per IST hour (24 numbers) and the viewer's own count, from the counters. */
export async function readScanActivity(scope: StatsScope | null, userId: string, store: StatsStore = getStatsStore(), now = new Date()) {
  const day = istDay(now);
  const [hourly, mine] = await Promise.all([
    scope ? store.getHash(hourlyKey(scope, day)) : Promise.resolve<Record<string, number>>({}),
    store.getField(userScansKey(day), userId),
  ]);
  return {
    scansPerHour: Array.from({ length: 24 }, (_, h) => hourly[String(h)] ?? 0),
    myScansToday: mine,
  };
}
