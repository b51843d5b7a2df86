import "server-only";
import { downloadResponse } from "../http";
import type { PGlite } from "@electric-sql/pglite";
import { createReadStream } from "node:fs";
import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { DbHandle } from "@/db/client";
import type { BackupEntry, BackupFailure, BackupKind, BackupsPage, BackupStatus } from "@/lib/dto/backups";
import { audit } from "../audit";
import { getDbHandle } from "../db";
import { getEnv, type Env } from "../env";
import { ConflictError, NotFoundError, UnavailableError } from "../errors";
import { getRedis } from "../redis";
import type { ServiceContext, SystemContext } from "../service";
import { withTimeout } from "../timeout";
import { backupSettings, type BackupSettings } from "./config";
import { createBackup, type BackupSource } from "./dump";
import { BACKUP_FILE_NAME, newestFirst, readManifest, updateManifest } from "./manifest";
import { ToolError } from "./pg-tools";
import { pruneBackups } from "./retention";
import { createBackupScheduler, memorySlotClaimer, redisSlotClaimer } from "./scheduler";

const STATUS_KEY = "backup:status";
const RUNNING_KEY = "backup:running";
// Longer than any dump should take; a crashed instance's lock frees itself after this.
const RUNNING_TTL_MS = 30 * 60_000;
const TICK_MS = 60_000;

const g = globalThis as typeof globalThis & {
  __tracetrackBackups?: { running: boolean; startedAt: number | null; timer?: NodeJS.Timeout };
};
const runtime = () => (g.__tracetrackBackups ??= { running: false, startedAt: null });

/** What pg_dump or PGlite reads: the server's own URL, or the PGlite this process has open. */
export function backupSourceOf(handle: DbHandle, env: Pick<Env, "DATABASE_URL">): BackupSource {
  if (handle.kind === "postgres") {
    const url = handle.url ?? env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    return { engine: "postgres", url };
  }
  return { engine: "pglite", pglite: (handle.db as unknown as { $client: PGlite }).$client };
}

/** Operator-facing text of a failure: a tool's own last lines, never a connection string. */
export function failureText(err: unknown): string {
  const text = err instanceof ToolError || err instanceof Error ? err.message : String(err);
  return text.replace(/postgres(ql)?:\/\/[^\s"']+/g, "postgres://…").slice(0, 500);
}

interface SharedStatus {
  lastGoodAt: string | null;
  lastGoodFile: string | null;
  lastFailure: BackupFailure | null;
}

/** Shared between instances through Redis (each instance's BACKUP_DIR may be its own disk). */
async function readSharedStatus(): Promise<SharedStatus | null> {
  const redis = getRedis();
  if (!redis) return null;
  try {
    const raw = await withTimeout(redis.get(STATUS_KEY), 1000);
    return raw ? (JSON.parse(raw) as SharedStatus) : null;
  } catch {
    return null;
  }
}

async function writeSharedStatus(change: (s: SharedStatus) => void): Promise<void> {
  const redis = getRedis();
  if (!redis) return;
  try {
    const current = (await readSharedStatus()) ?? { lastGoodAt: null, lastGoodFile: null, lastFailure: null };
    change(current);
    await withTimeout(redis.set(STATUS_KEY, JSON.stringify(current)), 1000);
  } catch (err) {
    console.warn("[backup] could not share the backup status through Redis:", failureText(err));
  }
}

/** Takes this process's (and, with Redis, every instance's) one backup slot, or refuses with 409. */
async function acquireRunning(): Promise<() => Promise<void>> {
  const state = runtime();
  if (state.running) throw new ConflictError("backup_running", "A backup is already running; wait for it to finish.");
  state.running = true;
  const redis = getRedis();
  const token = `${process.pid}:${crypto.randomUUID()}`;
  if (redis) {
    let taken = false;
    try {
      taken = (await withTimeout(redis.set(RUNNING_KEY, token, "PX", RUNNING_TTL_MS, "NX"), 1000)) === "OK";
    } catch {
      // Redis down: this instance's own flag still keeps its backups one at a time.
      taken = true;
    }
    if (!taken) {
      state.running = false;
      throw new ConflictError("backup_running", "A backup is already running on another instance; wait for it to finish.");
    }
  }
  return async () => {
    state.running = false;
    if (!redis) return;
    try {
      // Only our own lock: compare-and-delete.
      await withTimeout(redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, RUNNING_KEY, token), 1000);
    } catch {
      // It expires on its own.
    }
  };
}

/** One backup through this server's own connection, then pruning; refuses (409) while one runs. */
export async function runBackup(kind: BackupKind, options: { at?: Date; handle?: DbHandle; env?: Env } = {}): Promise<BackupEntry> {
  const env = options.env ?? getEnv();
  const settings = backupSettings(env);
  const source = backupSourceOf(options.handle ?? getDbHandle(), env);
  const release = await acquireRunning();
  try {
    const entry = await createBackup(source, { dir: settings.dir, kind, at: options.at });
    await pruneBackups(settings.dir, settings.retention);
    await writeSharedStatus((s) => {
      s.lastGoodAt = entry.createdAt;
      s.lastGoodFile = entry.file;
    });
    return entry;
  } finally {
    await release();
  }
}

/** Records a failed backup (manifest, Redis, audit) for the health and backups pages. */
export async function recordFailure(ctx: SystemContext | ServiceContext, kind: BackupKind, err: unknown, attempts: number, settings = backupSettings(getEnv())) {
  const failure: BackupFailure = { at: new Date().toISOString(), kind, attempts, error: failureText(err) };
  await updateManifest(settings.dir, (m) => {
    m.lastFailure = failure;
  }).catch((e: unknown) => console.error("[backup] could not record the failure in the manifest:", failureText(e)));
  await writeSharedStatus((s) => {
    s.lastFailure = failure;
  });
  await audit(ctx.db, ctx, { action: "backup_failed", entityType: "backup", details: { kind, attempts, error: failure.error }, critical: true }).catch(
    (e: unknown) => console.error("[backup] could not audit the failure:", failureText(e)),
  );
  return failure;
}

/** Scheduled backups as the health page grades them. */
export async function backupStatus(settings: BackupSettings = backupSettings(getEnv())): Promise<BackupStatus> {
  const [manifest, shared] = await Promise.all([readManifest(settings.dir).catch(() => null), readSharedStatus()]);
  const newest = manifest ? newestFirst(manifest.entries)[0] : undefined;
  let lastGoodAt = newest?.createdAt ?? null;
  let lastGoodFile = newest?.file ?? null;
  if (shared?.lastGoodAt && (!lastGoodAt || shared.lastGoodAt > lastGoodAt)) {
    lastGoodAt = shared.lastGoodAt;
    lastGoodFile = shared.lastGoodFile;
  }
  const failures = [manifest?.lastFailure, shared?.lastFailure].filter((f): f is BackupFailure => Boolean(f));
  const lastFailure = failures.sort((a, b) => b.at.localeCompare(a.at))[0] ?? null;
  return {
    scheduled: settings.scheduled,
    intervalMinutes: settings.intervalMs / 60_000,
    lastGoodAt,
    lastGoodFile,
    // A failure a later good backup superseded is history, not a problem.
    lastFailure: lastFailure && (!lastGoodAt || lastFailure.at > lastGoodAt) ? lastFailure : null,
    running: runtime().running,
  };
}

/** When the scheduler of this process started (the age of "no backup yet" counts from there). */
export function schedulerStartedAt(): number | null {
  return runtime().startedAt;
}

/** Every backup of BACKUP_DIR, newest first, with the settings and status (the /admin/backups page). */
export async function listBackups(): Promise<BackupsPage> {
  const env = getEnv();
  const settings = backupSettings(env);
  const [manifest, status] = await Promise.all([readManifest(settings.dir), backupStatus(settings)]);
  return {
    entries: newestFirst(manifest.entries),
    status,
    dir: settings.dir,
    hourlyKeep: settings.retention.hourly,
    dailyKeep: settings.retention.daily,
    engine: getDbHandle().kind,
    now: Date.now(),
  };
}

/** "Back up now": a manual backup through this server's connection, audited; 409 while one runs. */
export async function backupNow(ctx: ServiceContext): Promise<BackupEntry> {
  let entry: BackupEntry;
  try {
    entry = await runBackup("manual");
  } catch (err) {
    if (err instanceof ConflictError) throw err;
    const failure = await recordFailure(ctx, "manual", err, 1);
    console.error("[backup] manual backup failed:", failure.error);
    throw new UnavailableError("The backup failed; the details are on this page and in the audit log.");
  }
  await audit(ctx.db, ctx, {
    action: "backup_created",
    entityType: "backup",
    entityId: entry.file,
    details: { file: entry.file, kind: entry.kind, engine: entry.engine, sizeBytes: entry.sizeBytes, durationMs: entry.durationMs, sha256: entry.sha256 },
  });
  return entry;
}

/**
 * A listed backup file as a download (streamed, Content-Disposition: attachment), audited. Only a
 * name the manifest lists is served: anything else — a path, "..", another file of the
 * directory — is 404 before the file system is touched.
 */
export async function backupDownload(ctx: ServiceContext, name: string): Promise<Response> {
  const settings = backupSettings(getEnv());
  const manifest = await readManifest(settings.dir);
  const entry = BACKUP_FILE_NAME.test(name) ? manifest.entries.find((e) => e.file === name) : undefined;
  if (!entry) throw new NotFoundError("No such backup.", "backup_not_found");
  const file = path.join(settings.dir, entry.file);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new NotFoundError("The backup file is listed but missing from the backup directory.", "backup_not_found");
  }
  await audit(ctx.db, ctx, { action: "backup_downloaded", entityType: "backup", entityId: entry.file, details: { file: entry.file, sizeBytes: size, sha256: entry.sha256 } });
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return downloadResponse(body, entry.file, entry.engine === "postgres" ? "application/octet-stream" : "application/gzip", { "Content-Length": String(size) });
}

/**
 * Where a running server with the embedded PGlite says so (beside the data directory:
 * .data/.pglite.server.json), for scripts/backup.ts, which must not open the directory too.
 */
export function pgliteOwnerFile(pgliteDir: string): string {
  const dir = path.resolve(pgliteDir);
  return path.join(path.dirname(dir), `.${path.basename(dir)}.server.json`);
}

/**
 * Starts this instance's scheduler (idempotent): every minute it checks whether the current slot
 * still needs its backup and, if this instance wins the slot (Redis SET NX PX; without Redis the
 * one instance does), takes it, retrying once after 30 s. Off unless BACKUP_SCHEDULE says on
 * (default: on in production).
 */
export function startBackupScheduler(getHandle: () => DbHandle, ctxOf: (handle: DbHandle) => SystemContext): void {
  const env = getEnv();
  const settings = backupSettings(env);
  const state = runtime();
  if (state.timer) return;
  if (getHandle().kind === "pglite") {
    // Best effort: scripts/backup.ts reads it and refuses to open the directory this server owns.
    void writeFile(pgliteOwnerFile(env.PGLITE_DIR), JSON.stringify({ pid: process.pid, pgliteDir: path.resolve(env.PGLITE_DIR) })).catch(() => {});
  }
  if (!settings.scheduled) return;
  state.startedAt = Date.now();
  const redis = getRedis();
  const scheduler = createBackupScheduler({
    intervalMs: settings.intervalMs,
    claimer: redis ? redisSlotClaimer(redis) : memorySlotClaimer(),
    entries: async () => (await readManifest(settings.dir)).entries,
    run: (kind, at) => runBackup(kind, { at, handle: getHandle(), env }),
    onSuccess: async (entry) => console.log(`[backup] ${entry.file}: ${entry.sizeBytes} bytes in ${entry.durationMs} ms`),
    onFailure: async (kind, err, attempts) => {
      const failure = await recordFailure(ctxOf(getHandle()), kind, err, attempts, settings);
      console.error(`[backup] ${kind} backup failed after ${attempts} attempts:`, failure.error);
    },
  });
  const tick = () =>
    void scheduler.tick().catch((err: unknown) => console.error("[backup] scheduler tick failed:", failureText(err)));
  // The first check shortly after start, not during it, so start-up stays fast.
  setTimeout(tick, TICK_MS).unref();
  state.timer = setInterval(tick, TICK_MS);
  state.timer.unref();
}
