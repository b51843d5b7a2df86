/** What one backup file is: hourly/daily (the scheduler) or manual (the CLI, "Back up now"). */
export const BACKUP_KINDS = ["hourly", "daily", "manual"] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];
export type BackupEngine = "postgres" | "pglite";

/** One manifest entry (BACKUP_DIR/manifest.json): a finished, checksummed backup file. */
export interface BackupEntry {
  file: string;
  kind: BackupKind;
  engine: BackupEngine;
  createdAt: string;
  sizeBytes: number;
  durationMs: number;
  sha256: string;
  /** Rows per table when the dump was taken ("drizzle.__drizzle_migrations" for the migrations table). */
  rowCounts: Record<string, number>;
}

/** A backup that failed after its retry. */
export interface BackupFailure {
  at: string;
  kind: BackupKind;
  attempts: number;
  /** Short, operator-facing text (never a connection string). */
  error: string;
}

/** Scheduled backups as the health page grades them. */
export interface BackupStatus {
  scheduled: boolean;
  intervalMinutes: number;
  lastGoodAt: string | null;
  lastGoodFile: string | null;
  lastFailure: BackupFailure | null;
  running: boolean;
}

/** What /admin/backups shows. */
export interface BackupsPage {
  entries: BackupEntry[];
  status: BackupStatus;
  dir: string;
  hourlyKeep: number;
  dailyKeep: number;
  engine: BackupEngine;
  /** When the page was read (epoch ms): ages are counted from it. */
  now: number;
}
