import "server-only";
import type { Db, Tx } from "@/db/client";
import { retryDeadlocks } from "../db-errors";
import { StatsChange } from "./change";
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

/**
 * Runs `work` — which starts its own transaction and records its counter changes in the
 * StatsChange it is given — and applies them once it committed. A deadlock PostgreSQL broke runs
 * it again (retryDeadlocks) with a fresh StatsChange, so an aborted attempt moves no counter.
 */
export async function countedTransaction<T>(db: Db | Tx, work: (stats: StatsChange) => Promise<T>): Promise<T> {
  return retryDeadlocks(db, async () => {
    const stats = new StatsChange();
    const result = await work(stats);
    await bumpStats(stats);
    return result;
  });
}
