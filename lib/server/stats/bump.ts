import "server-only";
import type { StatsChange } from "./change";
import { recordDroppedBumps } from "./runtime-metrics";
import { getStatsStore } from "./store";

/**
 * Applies a committed mutation's counter changes. Call it after `db.transaction` resolved; it
 * never throws (the write already happened), and a lost bump is repaired by reconcileStats.
 * With Redis the store gathers bumps and sends them off the request path (createBatchingStatsStore,
 * which reports its own failed flushes), so no scan waits on a slow or dead Redis here.
 */
export async function bumpStats(change: StatsChange): Promise<void> {
  const ops = change.toOps();
  if (ops.length === 0) return;
  try {
    await getStatsStore().apply(ops);
  } catch (err) {
    recordDroppedBumps(ops.length, err);
  }
}
