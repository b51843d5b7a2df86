import "server-only";
import type { Db } from "@/db/client";
import { pruneLoginEvents } from "../analytics/prune";
import { pruneAudit } from "../audit";
import { purgeExpiredSessions, sessionPolicy } from "../auth/session";
import { pruneScanReplays } from "../scan/replay";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const globalForJobs = globalThis as typeof globalThis & { __tracetrackSecurityJobs?: true };

async function runLogged(name: string, job: () => Promise<unknown>): Promise<void> {
  try {
    const result = await job();
    if (result !== undefined) console.log(`[tracetrack] ${name}:`, JSON.stringify(result));
  } catch (err) {
    console.error(`[tracetrack] ${name} failed:`, err);
  }
}

/**
 * Audit, login-event and scan idempotency key retention once a day, expired-session cleanup
 * every hour. Every instance runs them; all are idempotent batch deletes, so overlapping runs
 * only repeat a little work.
 * Timers are unref'd so they never keep a process alive.
 */
export function startSecurityMaintenance(getDb: () => Db): void {
  if (globalForJobs.__tracetrackSecurityJobs) return;
  globalForJobs.__tracetrackSecurityJobs = true;
  const prune = () =>
    runLogged("audit retention", () => pruneAudit(getDb()))
      .then(() => runLogged("login event retention", () => pruneLoginEvents(getDb())))
      .then(() => runLogged("scan idempotency key retention", () => pruneScanReplays(getDb())));
  const purge = () => runLogged("session cleanup", () => purgeExpiredSessions(getDb(), sessionPolicy()));
  // First runs shortly after start, not during it, so start-up stays fast.
  setTimeout(() => void prune().then(purge), 60_000).unref();
  setInterval(() => void prune(), DAY_MS).unref();
  setInterval(() => void purge(), HOUR_MS).unref();
}
