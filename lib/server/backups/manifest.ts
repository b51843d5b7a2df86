import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BackupEngine, BackupEntry, BackupFailure, BackupKind } from "@/lib/dto/backups";

// BACKUP_DIR/manifest.json: every finished backup (file, kind, engine, time, size, duration,
// SHA-256, row counts) and the last failure. Written whole to a temporary file and renamed, so a
// reader sees the old manifest or the new one, never half of one.

export const MANIFEST_FILE = "manifest.json";

export interface Manifest {
  version: 1;
  entries: BackupEntry[];
  lastFailure: BackupFailure | null;
}

const EMPTY: Manifest = { version: 1, entries: [], lastFailure: null };

/** tracetrack-<kind>-<YYYYMMDDTHHMMSSZ>.<dump|tar.gz>; the only names the app lists, serves or prunes. */
export const BACKUP_FILE_NAME = /^tracetrack-(hourly|daily|manual)-(\d{8}T\d{6}Z)(?:-\d+)?\.(dump|tar\.gz)$/;

export function backupStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

export function backupFileName(kind: BackupKind, engine: BackupEngine, at: Date, suffix = 0): string {
  return `tracetrack-${kind}-${backupStamp(at)}${suffix > 0 ? `-${suffix}` : ""}.${engine === "postgres" ? "dump" : "tar.gz"}`;
}

export function manifestPath(dir: string): string {
  return path.join(dir, MANIFEST_FILE);
}

function isEntry(value: unknown): value is BackupEntry {
  const e = value as BackupEntry;
  return (
    typeof e === "object" &&
    e !== null &&
    typeof e.file === "string" &&
    BACKUP_FILE_NAME.test(e.file) &&
    typeof e.sha256 === "string" &&
    typeof e.createdAt === "string" &&
    typeof e.rowCounts === "object"
  );
}

/** The manifest of `dir` (an empty one when there is none yet); entries with a bad name are dropped. */
export async function readManifest(dir: string): Promise<Manifest> {
  let raw: string;
  try {
    raw = await readFile(manifestPath(dir), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return structuredClone(EMPTY);
    throw err;
  }
  const parsed = JSON.parse(raw) as Partial<Manifest>;
  return {
    version: 1,
    entries: Array.isArray(parsed.entries) ? parsed.entries.filter(isEntry) : [],
    lastFailure: parsed.lastFailure ?? null,
  };
}

async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = manifestPath(dir);
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, target);
}

// One read-modify-write at a time in this process (the scheduler and "Back up now" may overlap).
const queues = new Map<string, Promise<unknown>>();

/** Reads, changes and atomically rewrites the manifest of `dir`, one change at a time. */
export function updateManifest<T>(dir: string, change: (manifest: Manifest) => T | Promise<T>): Promise<T> {
  const key = path.resolve(dir);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(async () => {
    const manifest = await readManifest(dir);
    const result = await change(manifest);
    await writeManifest(dir, manifest);
    return result;
  });
  queues.set(key, next);
  return next;
}

/** SHA-256 of a file, hex, read as a stream. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** The newest entry first. */
export function newestFirst(entries: readonly BackupEntry[]): BackupEntry[] {
  return [...entries].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.file.localeCompare(a.file));
}
