import "server-only";
import type { Db } from "@/db/client";
import { RedisSkippedError } from "../redis-breaker";
import { RECONCILE_LAST_KEY, RECONCILE_LOCK_KEY } from "./keys";
import { reconcileStats, type ReconcileReport } from "./reconcile";
import { getStatsStore } from "./store";

export const RECONCILE_EVERY_MS = 60_000;
// Shorter than the interval, so the next minute's run is free again, and long enough that the
// other instances' ticks in this minute find it taken.
const LOCK_TTL_S = 50;

const g = globalThis as typeof globalThis & { __tracetrackReconciler?: NodeJS.Timeout };

/** One scheduled run: only the instance that wins the lock reconciles this minute. */
export async function reconcileIfDue(db: Db): Promise<ReconcileReport | null> {
  const store = getStatsStore();
  if (!(await store.claim(RECONCILE_LOCK_KEY, LOCK_TTL_S))) return null;
  const report = await reconcileStats(db, store);
  await store.setNote(RECONCILE_LAST_KEY, JSON.stringify(report), 24 * 3600);
  if (report.drift > 0) console.log(`[stats] reconciliation corrected ${report.corrected} counters (drift ${report.drift}) in ${report.durationMs} ms`);
  return report;
}

/** The last run's report (by any instance), for the health page. */
export async function lastReconcile(): Promise<ReconcileReport | null> {
  const raw = await getStatsStore().getNote(RECONCILE_LAST_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as ReconcileReport;
  } catch {
    return null;
  }
}

/**
 * Reconciles now (counters start right after a restart), then every minute, and as soon as Redis
 * answers again after an outage (a restarted Redis has lost every counter); idempotent.
 */
export function startStatsReconciler(getDb: () => Db): void {
  if (g.__tracetrackReconciler) return;
  const tick = async () => {
    try {
      await reconcileIfDue(getDb());
    } catch (err) {
      if (err instanceof RedisSkippedError) console.warn("[stats] reconciliation waits for Redis:", err.message);
      else console.error("[stats] reconciliation failed:", err);
    }
  };
  void tick();
  g.__tracetrackReconciler = setInterval(() => void tick(), RECONCILE_EVERY_MS);
  g.__tracetrackReconciler.unref();
  getStatsStore().onRecover?.(() => void tick());
}
