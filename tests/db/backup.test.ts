import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, pgliteExtensions, type DbHandle } from "@/db/client";
import type { BackupEntry } from "@/lib/dto/backups";
import { createBackup } from "@/lib/server/backups/dump";
import { readManifest } from "@/lib/server/backups/manifest";
import { RestoreError, restoreBackup } from "@/lib/server/backups/restore";
import { seedDemo } from "@/lib/server/ops/demo-seed";
import { usingPostgres } from "../support/db";
import { databaseUrl, testDatabaseName } from "../support/db-names";

// Backup → drop → restore, on real PostgreSQL (pg_dump/pg_restore) and on PGlite (its data-dir
// dump), checked the way an operator would: every table's row count, plus a checksum of every
// row of bags and links.

/** The demo data plus 70 parents, 2000 children linked to them, and a gate pass. */
async function seedSample(handle: DbHandle): Promise<void> {
  await seedDemo(handle.db);
  await handle.rows(sql`insert into bags (qr, type, dispatch_area, capacity)
    select 'BKP' || lpad(g::text, 5, '0'), 'parent', 'lucknow', 30 from generate_series(1, 70) g`);
  await handle.rows(sql`insert into bags (qr, type, dispatch_area)
    select 'BKC' || lpad(g::text, 7, '0'), 'child', 'lucknow' from generate_series(1, 2000) g`);
  await handle.rows(sql`insert into links (parent_bag_id, child_bag_id)
    select p.id, c.id
    from (select id, row_number() over (order by id) as rn from bags where qr like 'BKC%') c
    join (select id, row_number() over (order by id) - 1 as rn from bags where qr like 'BKP%') p on p.rn = c.rn % 70`);
  await handle.rows(sql`insert into gate_passes (code, bill_id, driver_name, driver_phone, vehicle_number, valid_from, valid_until)
    select 'GP-20261201-0001', id, 'Ravi Kumar', '9876543210', 'UP32AB1234', now(), now() + interval '12 hours' from bills order by id limit 1`);
  await handle.rows(sql`insert into gate_pass_days (day, last_seq) values ('2026-12-01', 1)`);
}

/** md5 over every row of bags and links (all columns, in id order). */
async function checksums(handle: DbHandle): Promise<{ bags: string; links: string }> {
  const [row] = await handle.rows<{ bags: string; links: string }>(sql`select
    (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from bags t) as bags,
    (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from links t) as links`);
  if (!row) throw new Error("no checksum row");
  return row;
}

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RestoreError) return err.code;
    throw err;
  }
  return "not refused";
}

describe.skipIf(!usingPostgres)("PostgreSQL: pg_dump → drop → pg_restore", () => {
  const base = process.env.TEST_DATABASE_URL ?? "";
  const admin = usingPostgres ? postgres(base, { max: 1, onnotice: () => {} }) : (null as unknown as postgres.Sql);
  const source = testDatabaseName("bksrc");
  const targets = [testDatabaseName("bkdst"), testDatabaseName("bkbad")];
  let dir: string;
  let entry: BackupEntry;
  let before: { counts: Record<string, number>; sums: { bags: string; links: string } };

  beforeAll(async () => {
    dir = tempDir("tt-backup-pg-");
    const template = inject("postgresTemplate");
    await admin.unsafe(template ? `create database ${source} template ${template}` : `create database ${source}`);
    const handle = createDb({ url: databaseUrl(base, source), poolMax: 2 });
    try {
      if (!template) await handle.migrate();
      await seedSample(handle);
      before = { counts: {}, sums: await checksums(handle) };
      entry = await createBackup({ engine: "postgres", url: databaseUrl(base, source) }, { dir, kind: "manual" });
      console.log(`[backup test] postgres: ${entry.file} ${entry.sizeBytes} bytes in ${entry.durationMs} ms, bags=${entry.rowCounts.bags} links=${entry.rowCounts.links}`);
    } finally {
      await handle.close();
    }
    // The source is gone before the restore: nothing can be read from it any more.
    await admin.unsafe(`drop database ${source} with (force)`);
  });
  afterAll(async () => {
    for (const name of [source, ...targets]) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it("writes a custom-format dump whose SHA-256 and row counts are in the manifest", async () => {
    const manifest = await readManifest(dir);
    expect(manifest.entries.map((e) => e.file)).toEqual([entry.file]);
    expect(entry.file).toMatch(/^tracetrack-manual-\d{8}T\d{6}Z\.dump$/);
    expect(readFileSync(path.join(dir, entry.file)).subarray(0, 5).toString()).toBe("PGDMP");
    expect(entry.rowCounts).toMatchObject({ bags: 2091, links: 2018, bills: 1, bill_bags: 1, gate_passes: 1, gate_pass_days: 1, users: 4, customers: 1, user_customers: 1 });
    expect(entry.rowCounts["drizzle.__drizzle_migrations"]).toBeGreaterThan(0);
  });

  it("restores into a fresh database with every table's count and the bags/links checksums equal", async () => {
    const [target] = targets;
    const result = await restoreBackup({ file: path.join(dir, entry.file), into: target ?? "", serverUrl: base });
    expect(result.comparison.filter((c) => !c.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.comparison.length).toBe(Object.keys(entry.rowCounts).length);
    const restored = createDb({ url: databaseUrl(base, target ?? ""), poolMax: 1 });
    try {
      expect(await checksums(restored)).toEqual(before.sums);
    } finally {
      await restored.close();
    }
  });

  it("refuses a target that holds any table without --force, and replaces it with --force", async () => {
    const [target] = targets;
    const file = path.join(dir, entry.file);
    expect(await refusal(restoreBackup({ file, into: target ?? "", serverUrl: base }))).toBe("target_not_empty");
    // An empty table is enough to refuse.
    const other = targets[1] ?? "";
    await admin.unsafe(`create database ${other}`);
    const sqlOther = postgres(databaseUrl(base, other), { max: 1, onnotice: () => {} });
    await sqlOther.unsafe("create table leftover (id int)");
    await sqlOther.end();
    expect(await refusal(restoreBackup({ file, into: databaseUrl(base, other) }))).toBe("target_not_empty");
    const forced = await restoreBackup({ file, into: databaseUrl(base, other), force: true });
    expect(forced.ok).toBe(true);
    const check = postgres(databaseUrl(base, other), { max: 1, onnotice: () => {} });
    const [left] = await check`select count(*)::int as n from information_schema.tables where table_name = 'leftover'`;
    await check.end();
    expect(left?.n).toBe(0);
  });

  it("refuses a file whose SHA-256 differs from the manifest, and one the manifest does not list", async () => {
    const bad = tempDir("tt-backup-bad-");
    copyFileSync(path.join(dir, entry.file), path.join(bad, entry.file));
    copyFileSync(path.join(dir, "manifest.json"), path.join(bad, "manifest.json"));
    appendFileSync(path.join(bad, entry.file), Buffer.from([0]));
    const fresh = testDatabaseName("bknot");
    expect(await refusal(restoreBackup({ file: path.join(bad, entry.file), into: fresh, serverUrl: base }))).toBe("checksum_mismatch");
    // Refused before anything was written: the database was not even created.
    const [exists] = await admin`select count(*)::int as n from pg_database where datname = ${fresh}`;
    expect(exists?.n).toBe(0);
    const renamed = entry.file.replace("manual", "daily");
    copyFileSync(path.join(dir, entry.file), path.join(bad, renamed));
    expect(await refusal(restoreBackup({ file: path.join(bad, renamed), into: fresh, serverUrl: base }))).toBe("not_in_manifest");
  });

  it("npm run restore exits non-zero and prints MISMATCH when a count differs from the manifest", () => {
    const tampered = tempDir("tt-backup-count-");
    copyFileSync(path.join(dir, entry.file), path.join(tampered, entry.file));
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as { entries: BackupEntry[] };
    const [first] = manifest.entries;
    if (!first) throw new Error("empty manifest");
    first.rowCounts.links = 2017;
    writeFileSync(path.join(tampered, "manifest.json"), JSON.stringify(manifest));
    const target = testDatabaseName("bkcli");
    targets.push(target);
    const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/restore.ts", path.join(tampered, entry.file), "--into", target], {
      env: { ...process.env, DATABASE_URL: base },
      encoding: "utf8",
    });
    expect(run.stdout).toMatch(/links\s+2017\s+2018\s+MISMATCH/);
    expect(run.stdout).toMatch(/bags\s+2091\s+2091\s+ok/);
    expect(run.status).toBe(1);
    const again = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/restore.ts", path.join(tampered, entry.file), "--into", target], {
      env: { ...process.env, DATABASE_URL: base },
      encoding: "utf8",
    });
    expect(again.stderr).toContain("refused (target_not_empty)");
    expect(again.status).toBe(2);
  });
});

describe("PGlite: dumpDataDir → loadDataDir into a new data directory", () => {
  let dir: string;
  let entry: BackupEntry;
  let sums: { bags: string; links: string };
  let restoredDir: string;

  beforeAll(async () => {
    dir = tempDir("tt-backup-pglite-");
    const template = inject("pgliteTemplate");
    // File-backed, as the server runs it: the dump is taken through the instance that has it open.
    const pglite = new PGlite(path.join(dir, "source"), { ...(template ? { loadDataDir: new Blob([readFileSync(template)]) } : {}), extensions: pgliteExtensions });
    await pglite.waitReady;
    const handle = createDb({ pglite });
    try {
      if (!template) await handle.migrate();
      await seedSample(handle);
      sums = await checksums(handle);
      entry = await createBackup({ engine: "pglite", pglite }, { dir: path.join(dir, "backups"), kind: "manual" });
      console.log(`[backup test] pglite: ${entry.file} ${entry.sizeBytes} bytes in ${entry.durationMs} ms, bags=${entry.rowCounts.bags} links=${entry.rowCounts.links}`);
      // Written after the dump: must not be in the restored copy.
      await handle.rows(sql`insert into bags (qr, type, dispatch_area) values ('BKLATE01', 'child', 'lucknow')`);
    } finally {
      await handle.close();
    }
    restoredDir = path.join(dir, "restored");
  }, 120_000);

  it("names the file .tar.gz and records it in the manifest", async () => {
    expect(entry.file).toMatch(/^tracetrack-manual-\d{8}T\d{6}Z\.tar\.gz$/);
    expect(entry.engine).toBe("pglite");
    expect(readFileSync(path.join(dir, "backups", entry.file)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await readManifest(path.join(dir, "backups"))).entries).toHaveLength(1);
  });

  it("restores into a new directory with every count and the bags/links checksums equal", async () => {
    const result = await restoreBackup({ file: path.join(dir, "backups", entry.file), into: restoredDir });
    expect(result.comparison.filter((c) => !c.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(entry.rowCounts).toMatchObject({ bags: 2091, links: 2018, gate_passes: 1 });
    const reopened = new PGlite(restoredDir, { extensions: pgliteExtensions });
    const handle = createDb({ pglite: reopened });
    try {
      expect(await checksums(handle)).toEqual(sums);
    } finally {
      await handle.close();
    }
  }, 60_000);

  it("refuses a non-empty directory without --force, a non-PGlite one even with it, and replaces a PGlite one with it", async () => {
    const file = path.join(dir, "backups", entry.file);
    expect(await refusal(restoreBackup({ file, into: restoredDir }))).toBe("target_not_empty");
    const stranger = tempDir("tt-backup-stranger-");
    writeFileSync(path.join(stranger, "notes.txt"), "keep me");
    expect(await refusal(restoreBackup({ file, into: stranger, force: true }))).toBe("bad_target");
    expect(readFileSync(path.join(stranger, "notes.txt"), "utf8")).toBe("keep me");
    const forced = await restoreBackup({ file, into: restoredDir, force: true });
    expect(forced.ok).toBe(true);
  }, 60_000);

  it("refuses a tarball whose SHA-256 differs from the manifest", async () => {
    const file = path.join(dir, "backups", entry.file);
    const bytes = readFileSync(file);
    const at = bytes.length - 10;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    const bad = tempDir("tt-backup-pglite-bad-");
    writeFileSync(path.join(bad, entry.file), bytes);
    copyFileSync(path.join(dir, "backups", "manifest.json"), path.join(bad, "manifest.json"));
    expect(await refusal(restoreBackup({ file: path.join(bad, entry.file), into: path.join(bad, "target") }))).toBe("checksum_mismatch");
  });
});
