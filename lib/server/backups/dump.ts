import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BackupEngine, BackupEntry, BackupKind } from "@/lib/dto/backups";
import { backupFileName, updateManifest } from "./manifest";
import { libpqTarget, pgClient, runTool } from "./pg-tools";
import { countRows } from "./row-counts";

/** What to back up: a PostgreSQL server by URL (pg_dump), or an open PGlite (its own data-dir dump). */
export type BackupSource = { engine: "postgres"; url: string } | { engine: "pglite"; pglite: PGlite };

export interface BackupOptions {
  dir: string;
  kind: BackupKind;
  /** The file's timestamp (the scheduler passes its slot's time). */
  at?: Date;
  /** pg_dump's path (tests point it at a failing one). */
  pgDump?: string;
}

/** Writes `source` to `file` through a temporary name, hashing on the way; renamed only when complete. */
async function writeAtomically(file: string, write: (out: NodeJS.WritableStream) => Promise<void>): Promise<{ sha256: string; sizeBytes: number }> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  const hash = createHash("sha256");
  let sizeBytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  const out = createWriteStream(temp, { mode: 0o600 });
  const written = pipeline(hashing, out);
  try {
    await write(hashing);
    hashing.end();
    await written;
    await rename(temp, file);
  } catch (err) {
    hashing.destroy();
    await written.catch(() => {});
    await rm(temp, { force: true });
    throw err;
  }
  return { sha256: hash.digest("hex"), sizeBytes };
}

/** Pipes a readable into the hashing writer without ending it. */
function pipeInto(from: NodeJS.ReadableStream, to: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    from.on("error", reject);
    to.on("error", reject);
    from.on("end", resolve);
    from.pipe(to, { end: false });
  });
}

/** A free file name for this kind and time (a second backup in the same second gets -1, -2 …). */
async function freeName(dir: string, kind: BackupKind, engine: BackupEngine, at: Date): Promise<string> {
  for (let suffix = 0; ; suffix += 1) {
    const name = backupFileName(kind, engine, at, suffix);
    try {
      await stat(path.join(dir, name));
    } catch {
      return name;
    }
  }
}

/**
 * pg_dump --format=custom inside one exported snapshot: the row counts are read in the very
 * transaction whose snapshot pg_dump dumps, so they describe the file exactly even while the app
 * keeps writing.
 */
async function dumpPostgres(url: string, file: string, pgDump: string) {
  const client = pgClient(url);
  try {
    return await client.begin("isolation level repeatable read read only", async (tx) => {
      const [snap] = await tx.unsafe<{ id: string }[]>("select pg_export_snapshot() as id");
      const rowCounts = await countRows((text) => tx.unsafe(text) as unknown as Promise<Record<string, unknown>[]>);
      const { dbname, env } = libpqTarget(url);
      const written = await writeAtomically(file, (out) =>
        runTool(pgDump, ["--format=custom", "--no-owner", "--no-privileges", `--snapshot=${snap?.id ?? ""}`, `--dbname=${dbname}`], env, (stdout) => pipeInto(stdout, out)),
      );
      return { ...written, rowCounts };
    });
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * PGlite's own data-directory dump (a gzip tarball), taken through the instance that has the
 * directory open: a file-backed PGlite may be opened by one process only. Inside a transaction,
 * so no other statement of this process runs between the counts and the dump.
 */
async function dumpPglite(pglite: PGlite, file: string) {
  await pglite.exec("checkpoint");
  // The app's statements wait while this holds the database; the file is written after.
  const { rowCounts, tarball } = await pglite.transaction(async (tx) => {
    const counts = await countRows(async (text) => (await tx.query<Record<string, unknown>>(text)).rows);
    return { rowCounts: counts, tarball: await pglite.dumpDataDir("gzip") };
  });
  const written = await writeAtomically(file, (out) => pipeInto(Readable.fromWeb(tarball.stream() as never), out));
  return { ...written, rowCounts };
}

/** Takes one backup into `dir` and records it in the manifest; returns its entry. */
export async function createBackup(source: BackupSource, options: BackupOptions): Promise<BackupEntry> {
  const at = options.at ?? new Date();
  await mkdir(options.dir, { recursive: true });
  const name = await freeName(options.dir, options.kind, source.engine, at);
  // BACKUP_DIR is the operator's, not the project's: the ignore comment keeps Turbopack's file
  // tracer from copying the whole project into the standalone output (it cannot scope this path).
  const file = path.join(/*turbopackIgnore: true*/ options.dir, name);
  const started = performance.now();
  const result =
    source.engine === "postgres" ? await dumpPostgres(source.url, file, options.pgDump ?? "pg_dump") : await dumpPglite(source.pglite, file);
  const entry: BackupEntry = {
    file: name,
    kind: options.kind,
    engine: source.engine,
    createdAt: new Date().toISOString(),
    sizeBytes: result.sizeBytes,
    durationMs: Math.round(performance.now() - started),
    sha256: result.sha256,
    rowCounts: result.rowCounts,
  };
  await updateManifest(options.dir, (m) => {
    m.entries.push(entry);
  });
  return entry;
}
