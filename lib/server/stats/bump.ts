import "server-only";
import type { StatsChange } from "./change";
import { recordDroppedBump } from "./runtime-metrics";
import { getStatsStore } from "./store";

// After a Redis failure, skip it for a few seconds so a dead server doesn't add its command
// timeout to every scan; the reconciliation repairs what was skipped.
const SKIP_AFTER_FAILURE_MS = 5_000;
let skipUntil = 0;
let lastWarnAt = 0;

/**
 * Applies a committed mutation's counter changes. Call it after `db.transaction` resolved; it
 * never throws (the write already happened), and a lost bump is repaired by reconcileStats.
 */
export async function bumpStats(change: StatsChange): Promise<void> {
  const ops = change.toOps();
  if (ops.length === 0) return;
  if (Date.now() < skipUntil) {
    recordDroppedBump();
    return;
  }
  try {
    await getStatsStore().apply(ops);
  } catch (err) {
    skipUntil = Date.now() + SKIP_AFTER_FAILURE_MS;
    recordDroppedBump();
    if (Date.now() - lastWarnAt > 60_000) {
      lastWarnAt = Date.now();
      console.warn("[stats] counter update failed; reconciliation will repair it:", String(err));
    }
  }
}
