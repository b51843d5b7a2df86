import "server-only";
import type { BackupStatus } from "@/lib/dto/backups";
import type { HealthComponent } from "@/lib/dto/health";

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * The health page's "Backups" row. With the schedule on: amber ("degraded") once the last good
 * backup — or, before the first one, the scheduler's start — is older than twice the interval,
 * or when the last attempt failed. With it off: green, saying so.
 */
export function gradeBackups(status: BackupStatus, now: number, schedulerStartedAt: number | null): HealthComponent {
  const intervalMs = status.intervalMinutes * 60_000;
  const limitMs = 2 * intervalMs;
  const thresholds = `amber when the last good backup is older than ${minutes(limitMs)} min (2 × BACKUP_INTERVAL_MINUTES) or the last one failed`;
  const lastGoodAgeMin = status.lastGoodAt ? minutes(now - Date.parse(status.lastGoodAt)) : null;
  const details = {
    scheduled: status.scheduled,
    intervalMinutes: status.intervalMinutes,
    lastGoodAt: status.lastGoodAt,
    lastGoodAgeMin,
    lastFailureAt: status.lastFailure?.at ?? null,
    lastFailure: status.lastFailure?.error ?? null,
  };
  if (!status.scheduled) {
    return { status: "green", summary: `scheduled backups off${status.lastGoodAt ? `; last backup ${lastGoodAgeMin} min ago` : ""}`, thresholds: "BACKUP_SCHEDULE=on to grade", details };
  }
  if (status.lastFailure) {
    return { status: "amber", summary: `last ${status.lastFailure.kind} backup failed after ${status.lastFailure.attempts} attempt(s): ${status.lastFailure.error}`, thresholds, details };
  }
  const since = status.lastGoodAt ? Date.parse(status.lastGoodAt) : schedulerStartedAt;
  if (since === null || now - since > limitMs) {
    return { status: "amber", summary: status.lastGoodAt ? `stale: the last good backup is ${lastGoodAgeMin} min old` : "no backup has been taken yet", thresholds, details };
  }
  return { status: "green", summary: status.lastGoodAt ? `last good backup ${lastGoodAgeMin} min ago` : `first backup due within ${status.intervalMinutes} min`, thresholds, details };
}
