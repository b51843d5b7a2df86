import "server-only";
import { BILL_STATUSES } from "@/lib/domain";
import type { StatsDto } from "@/lib/dto/stats";
import { can } from "@/lib/permissions";
import { istDay } from "@/lib/time";
import type { Actor } from "../service";
import { UnavailableError } from "../errors";
import { bagKey, billKey, hourlyKey, scansKey, userScansKey, type StatsScope } from "./keys";
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
  const zeroBills = { new: 0, processing: 0, completed: 0 };
  if (!scope) return { totalBags: 0, parentBags: 0, childBags: 0, bills: zeroBills, scansToday: 0, generatedAt };
  const keys = [bagKey(scope, "parent"), bagKey(scope, "child"), scansKey(scope, istDay(now)), ...BILL_STATUSES.map(billKey)];
  const [parentBags = 0, childBags = 0, scansToday = 0, ...bills] = await store.get(keys);
  return {
    totalBags: parentBags + childBags,
    parentBags,
    childBags,
    bills: { new: bills[0] ?? 0, processing: bills[1] ?? 0, completed: bills[2] ?? 0 },
    scansToday,
    generatedAt,
  };
}

/** How long /api/stats may answer from this process's copy (the issue allows ≤ 5 s). */
export const STATS_CACHE_MS = 2_000;
const cache = new Map<string, { at: number; value: Promise<StatsDto> }>();
const lastGood = new Map<string, StatsDto>();

/**
 * The viewer's stats, at most STATS_CACHE_MS old. Concurrent misses share one read. Bills are
 * dropped for roles without bills:view.
 */
export async function getStatsFor(viewer: StatsViewer, now = Date.now()): Promise<StatsDto> {
  const scope = scopeOf(viewer);
  const id = scope ?? "none";
  let entry = cache.get(id);
  const hit = entry !== undefined && now - entry.at < STATS_CACHE_MS;
  recordCacheLookup(hit);
  if (!entry || !hit) {
    entry = { at: now, value: readStats(scope) };
    cache.set(id, entry);
    entry.value.then(
      (v) => lastGood.set(id, v),
      // A failed read is not cached: the next request tries again.
      () => cache.delete(id),
    );
  }
  let stats: StatsDto;
  try {
    stats = await entry.value;
  } catch (err) {
    // Redis is down: the last numbers this instance saw beat no numbers (the app keeps serving).
    const stale = lastGood.get(id);
    if (!stale) throw new UnavailableError("Statistics are temporarily unavailable.");
    console.warn("[stats] serving the last known numbers:", String(err));
    stats = stale;
  }
  return can(viewer.role, "bills:view") ? stats : { ...stats, bills: null };
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
