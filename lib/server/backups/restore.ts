import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { pgliteExtensions } from "@/db/client";
import type { BackupEngine, BackupEntry } from "@/lib/dto/backups";
import { readManifest, sha256OfFile } from "./manifest";
import { libpqTarget, pgClient, redactUrl, runTool } from "./pg-tools";
import { compareCounts, countRows, type CountComparison } from "./row-counts";

export type RestoreRefusal = "not_in_manifest" | "checksum_mismatch" | "target_not_empty" | "bad_target";

/** A restore refused before anything was written (exit code 2 in scripts/restore.ts). */
export class RestoreError extends Error {
  constructor(
    public readonly code: RestoreRefusal,
    message: string,
  ) {
    super(message);
    this.name = "RestoreError";
  }
}

export interface RestoreOptions {
  /** The backup file (its manifest is manifest.json beside it unless `manifestDir` says otherwise). */
  file: string;
  /** PostgreSQL: a postgres:// URL or a database name on `serverUrl`'s server. PGlite: a directory. */
  into: string;
  /** Empty a non-empty target first (PostgreSQL: drop and recreate the public schema; PGlite: delete the data dir). */
  force?: boolean;
  manifestDir?: string;
  /** The server a bare database name lives on, and where a missing database is created from (DATABASE_URL). */
  serverUrl?: string;
  pgRestore?: string;
  log?: (line: string) => void;
}

export interface RestoreResult {
  engine: BackupEngine;
  /** Where it went (a URL without its password, or a directory). */
  target: string;
  entry: BackupEntry;
  comparison: CountComparison[];
  ok: boolean;
  durationMs: number;
}

const DB_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The manifest entry of `file`, after checking the file's SHA-256 against it. */
export async function verifyBackupFile(file: string, manifestDir = path.dirname(file)): Promise<BackupEntry> {
  const name = path.basename(file);
  const manifest = await readManifest(manifestDir);
  const entry = manifest.entries.find((e) => e.file === name);
  if (!entry) throw new RestoreError("not_in_manifest", `${name} is not listed in ${path.join(manifestDir, "manifest.json")}; its checksum cannot be verified.`);
  const actual = await sha256OfFile(file);
  if (actual !== entry.sha256) {
    throw new RestoreError("checksum_mismatch", `${name}: SHA-256 ${actual.slice(0, 12)}… does not match the manifest's ${entry.sha256.slice(0, 12)}…; the file is damaged or not the one recorded.`);
  }
  return entry;
}

function postgresTarget(into: string, serverUrl: string | undefined): { url: string; name: string } {
  if (/^postgres(ql)?:\/\//.test(into)) {
    const name = decodeURIComponent(new URL(into).pathname.replace(/^\//, ""));
    if (!DB_NAME.test(name)) throw new RestoreError("bad_target", `The target URL must name a database (letters, digits, _).`);
    return { url: into, name };
  }
  if (!DB_NAME.test(into)) throw new RestoreError("bad_target", `--into must be a postgres:// URL or a database name (letters, digits, _): got "${into}".`);
  if (!serverUrl) throw new RestoreError("bad_target", `--into ${into} names a database: set DATABASE_URL to the server it lives on, or give a full postgres:// URL.`);
  const url = new URL(serverUrl);
  url.pathname = `/${into}`;
  return { url: url.toString(), name: into };
}

/** Where CREATE DATABASE runs: DATABASE_URL's own database unless that is the target, else the server's "postgres". */
function maintenanceUrl(targetUrl: string, name: string, serverUrl: string | undefined): string {
  if (serverUrl && decodeURIComponent(new URL(serverUrl).pathname.slice(1)) !== name) return serverUrl;
  const u = new URL(targetUrl);
  u.pathname = "/postgres";
  return u.toString();
}

/** Creates database `name` when the server has none of that name (connecting through `maintenanceUrl`). */
async function ensureDatabase(maintenanceUrl: string, name: string, log: (line: string) => void): Promise<void> {
  const admin = pgClient(maintenanceUrl);
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) {
      await admin.unsafe(`create database ${quoteIdent(name)}`);
      log(`created database ${name}`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function restorePostgres(file: string, options: RestoreOptions, log: (line: string) => void) {
  const { url, name } = postgresTarget(options.into, options.serverUrl);
  await ensureDatabase(maintenanceUrl(url, name, options.serverUrl), name, log);
  const target = pgClient(url);
  try {
    // Any table at all (empty or not) outside the system schemas makes the target "not empty".
    const [row] = await target<{ tables: number; names: string | null }[]>`
      select count(*)::int as tables, string_agg(table_schema || '.' || table_name, ', ' order by table_schema, table_name) as names
      from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`;
    if ((row?.tables ?? 0) > 0) {
      if (!options.force) {
        const names = (row?.names ?? "").split(", ");
        throw new RestoreError(
          "target_not_empty",
          `Database ${name} is not empty (${row?.tables} tables: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}). Restore into a new database, or add --force to replace its contents.`,
        );
      }
      log(`--force: dropping schemas public and drizzle of ${name}`);
      await target.unsafe("drop schema if exists drizzle cascade");
      await target.unsafe("drop schema if exists public cascade");
      await target.unsafe("create schema public");
    }
  } finally {
    await target.end({ timeout: 5 });
  }
  const { dbname, env } = libpqTarget(url);
  await runTool(options.pgRestore ?? "pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${dbname}`, file], env);
  const check = pgClient(url);
  try {
    const counts = await countRows((text) => check.unsafe(text) as unknown as Promise<Record<string, unknown>[]>);
    return { target: redactUrl(url), counts };
  } finally {
    await check.end({ timeout: 5 });
  }
}

async function restorePglite(file: string, options: RestoreOptions, log: (line: string) => void) {
  const dir = path.resolve(options.into);
  const contents = existsSync(dir) ? await readdir(dir) : [];
  if (contents.length > 0) {
    if (!options.force) throw new RestoreError("target_not_empty", `${dir} is not empty. Restore into a new directory, or add --force to replace it.`);
    if (!contents.includes("PG_VERSION")) throw new RestoreError("bad_target", `${dir} is not a PGlite data directory (no PG_VERSION); refusing to delete it.`);
    log(`--force: deleting ${dir}`);
    await rm(dir, { recursive: true, force: true });
  }
  const pglite = new PGlite(dir, { loadDataDir: new Blob([await readFile(file)]), extensions: pgliteExtensions });
  try {
    await pglite.waitReady;
    const counts = await countRows(async (text) => (await pglite.query<Record<string, unknown>>(text)).rows);
    return { target: dir, counts };
  } finally {
    await pglite.close();
  }
}

/**
 * Verifies the file against its manifest entry (SHA-256), refuses a non-empty target unless
 * `force`, restores, then compares every table's row count with the manifest's.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const file = path.resolve(options.file);
  const entry = await verifyBackupFile(file, options.manifestDir ? path.resolve(options.manifestDir) : undefined);
  log(`${entry.file}: SHA-256 matches the manifest (${entry.engine}, ${entry.kind}, ${entry.createdAt})`);
  const { target, counts } = entry.engine === "postgres" ? await restorePostgres(file, options, log) : await restorePglite(file, options, log);
  const comparison = compareCounts(entry.rowCounts, counts);
  return { engine: entry.engine, target, entry, comparison, ok: comparison.every((c) => c.ok), durationMs: Math.round(performance.now() - started) };
}
