import "server-only";
import path from "node:path";
import type { Env } from "../env";
import type { Retention } from "./retention";

export interface BackupSettings {
  /** Absolute BACKUP_DIR. */
  dir: string;
  retention: Retention;
  intervalMs: number;
  /** Whether this server takes scheduled backups (BACKUP_SCHEDULE; default on in production). */
  scheduled: boolean;
}

export function backupSettings(env: Pick<Env, "BACKUP_DIR" | "BACKUP_HOURLY_KEEP" | "BACKUP_DAILY_KEEP" | "BACKUP_INTERVAL_MINUTES" | "backupSchedule">): BackupSettings {
  return {
    dir: path.resolve(env.BACKUP_DIR),
    retention: { hourly: env.BACKUP_HOURLY_KEEP, daily: env.BACKUP_DAILY_KEEP },
    intervalMs: env.BACKUP_INTERVAL_MINUTES * 60_000,
    scheduled: env.backupSchedule,
  };
}
