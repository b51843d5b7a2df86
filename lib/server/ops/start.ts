import "server-only";
import { startBackupScheduler } from "../backups/service";
import { installForwardedForHook } from "../client-ip";
import { getDbHandle } from "../db";
import { EnvError, getEnv } from "../env";
import { startEodScheduler } from "../reports/eod-scheduler";
import { systemContext } from "../service";
import { startLoopMonitor } from "../stats/runtime-metrics";
import { startStatsReconciler } from "../stats/scheduler";
import { bootstrap } from "./bootstrap";
import { startSecurityMaintenance } from "./maintenance";

export async function startServer(): Promise<void> {
  // Before the first request: the socket address becomes X-Forwarded-For's last entry.
  installForwardedForHook();
  let env;
  try {
    env = getEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`[tracetrack] ${err.message}`);
      console.error("[tracetrack] refusing to start; fix the variables above (see README.md).");
      process.exit(1);
    }
    throw err;
  }
  try {
    await bootstrap(getDbHandle(), env);
  } catch (err) {
    console.error("[tracetrack] start-up failed:", err);
    process.exit(1);
  }
  startSecurityMaintenance(() => getDbHandle().db);
  startLoopMonitor();
  // After bootstrap, so counters include the admin's and the demo's rows from the first run.
  startStatsReconciler(() => getDbHandle().db);
  // Hourly/daily backups when BACKUP_SCHEDULE is on (default in production); one instance per slot.
  startBackupScheduler(getDbHandle, (handle) => systemContext(handle.db));
  // The end-of-day summary mail at EOD_TIME (IST) unless EOD_MAIL=off; one instance per day.
  startEodScheduler(() => getDbHandle().db);
}
