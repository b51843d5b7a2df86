import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as download } from "@/app/(admin)/admin/backups/[file]/route";
import { backupNowAction } from "@/app/(admin)/admin/backups/actions";
import type { SessionUser } from "@/lib/server/auth/session";
import { createBackup } from "@/lib/server/backups/dump";
import { readManifest, updateManifest } from "@/lib/server/backups/manifest";
import { createBackupScheduler, redisSlotClaimer } from "@/lib/server/backups/scheduler";
import { backupNow, backupStatus, listBackups, recordFailure } from "@/lib/server/backups/service";
import { getEnv } from "@/lib/server/env";
import { getSystemHealth } from "@/lib/server/ops/system-health";
import { auditRowsOf } from "../support/bill-factories";
import { ctxOf, sessionUserOf, settle } from "../support/context";
import { setupTestDb, usingPostgres } from "../support/db";
import { databaseUrl } from "../support/db-names";
import { makeUser } from "../support/factories";

// The server side of backups: "Back up now" (audited, one at a time), the download route (admins
// only, listed names only, audited), the health row, and the slot election between instances.

const BACKUP_DIR = mkdtempSync(path.join(tmpdir(), "tt-backup-service-"));
process.env.BACKUP_DIR = BACKUP_DIR;
process.env.BACKUP_SCHEDULE = "on";
process.env.BACKUP_INTERVAL_MINUTES = "60";
delete process.env.REDIS_URL;

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.40", "x-request-id": "backup-test", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));

const db = setupTestDb();
let admin: Awaited<ReturnType<typeof makeUser>>;
let biller: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  if (usingPostgres) {
    // pg_dump reads DATABASE_URL: point it at this file's own database before anything reads the env.
    const [row] = await db().rows<{ name: string }>(sql`select current_database() as name`);
    process.env.DATABASE_URL = databaseUrl(process.env.TEST_DATABASE_URL ?? "", row?.name ?? "");
  }
  expect(getEnv().BACKUP_DIR).toBe(BACKUP_DIR);
  admin = await makeUser(db().db, "admin");
  biller = await makeUser(db().db, "biller");
});
afterAll(() => rmSync(BACKUP_DIR, { recursive: true, force: true }));

const get = (name: string) =>
  download(new Request(`http://tracetrack.test/admin/backups/${name}`), { params: Promise.resolve({ file: name }) });

describe("Back up now", () => {
  it("takes a manual backup through the server's connection and audits backup_created", async () => {
    session.user = sessionUserOf(admin, { totpEnabled: true });
    const answer = await backupNowAction();
    expect(answer).toMatchObject({ ok: true, message: expect.stringMatching(/^Backup tracetrack-manual-\d{8}T\d{6}Z(-\d+)?\.(dump|tar\.gz) created: /) });
    const { entries } = await listBackups();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.engine).toBe(usingPostgres ? "postgres" : "pglite");
    expect(entries[0]?.rowCounts.users).toBe(2);
    const rows = await auditRowsOf(db().db, "backup_created");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: admin.id, ip: "198.51.100.40", details: { file: entries[0]?.file, kind: "manual" } });
  });

  it("is refused to a biller and to an admin without 2FA, before anything is written", async () => {
    const before = (await readManifest(BACKUP_DIR)).entries.length;
    session.user = sessionUserOf(biller);
    expect(await backupNowAction()).toMatchObject({ ok: false, code: "forbidden" });
    session.user = sessionUserOf(admin, { totpEnabled: false });
    expect(await backupNowAction()).toMatchObject({ ok: false, code: "2fa_required" });
    expect((await readManifest(BACKUP_DIR)).entries).toHaveLength(before);
  });

  it("refuses a second backup while one is running (409 backup_running)", async () => {
    const ctx = ctxOf(db().db, admin);
    const results = await Promise.all([settle(backupNow(ctx)), settle(backupNow(ctx))]);
    expect(results.filter((r) => "ok" in r)).toHaveLength(1);
    expect(results.filter((r) => "code" in r && r.code === "backup_running")).toHaveLength(1);
  });
});

describe("the download route", () => {
  it("streams a listed file as an attachment to an admin, audited backup_downloaded", async () => {
    session.user = sessionUserOf(admin, { totpEnabled: true });
    const [entry] = (await listBackups()).entries;
    if (!entry) throw new Error("no backup");
    const res = await get(entry.file);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${entry.file}"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(readFileSync(path.join(BACKUP_DIR, entry.file)))).toBe(true);
    const rows = await auditRowsOf(db().db, "backup_downloaded");
    expect(rows.at(-1)).toMatchObject({ userId: admin.id, details: { file: entry.file, sha256: entry.sha256 } });
  });

  it("answers 404 to any name the manifest does not list (paths, the manifest, other files) and audits nothing", async () => {
    session.user = sessionUserOf(admin, { totpEnabled: true });
    writeFileSync(path.join(BACKUP_DIR, "tracetrack-manual-20000101T000000Z.dump"), "not listed");
    const before = (await auditRowsOf(db().db, "backup_downloaded")).length;
    for (const name of ["../manifest.json", "manifest.json", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "tracetrack-manual-20000101T000000Z.dump", "%2e%2e"]) {
      const res = await get(name);
      expect({ name, status: res.status }).toEqual({ name, status: 404 });
      expect(await res.json()).toMatchObject({ error: { code: "backup_not_found" } });
    }
    expect(await auditRowsOf(db().db, "backup_downloaded")).toHaveLength(before);
  });

  it("answers 403 to a biller and 401 to nobody", async () => {
    const [entry] = (await listBackups()).entries;
    session.user = sessionUserOf(biller);
    expect((await get(entry?.file ?? "")).status).toBe(403);
    session.user = null;
    expect((await get(entry?.file ?? "")).status).toBe(401);
  });
});

describe("the /admin/backups page", () => {
  it("lists each backup with its size, age, duration, rows and checksum, the last failure, and the buttons", async () => {
    session.user = sessionUserOf(admin, { totpEnabled: true });
    const { default: Page } = await import("@/app/(admin)/admin/backups/page");
    const html = renderToStaticMarkup(await Page());
    const [entry] = (await listBackups()).entries;
    if (!entry) throw new Error("no backup");
    for (const label of ["Backups", "Back up now", "File", "Kind", "Engine", "Size", "Age", "Duration", "Bags", "Bills", "SHA-256", "Download"]) {
      expect(html).toContain(`>${label}<`);
    }
    expect(html).toContain(`href="/admin/backups/${entry.file}"`);
    expect(html).toContain(entry.sha256.slice(0, 12));
    expect(html).toContain("Scheduled: every 60 min (keeps 24 hourly and 14 daily");
  });

  it("sends an admin without 2FA to enrolment and refuses a biller", async () => {
    const { default: Page } = await import("@/app/(admin)/admin/backups/page");
    session.user = sessionUserOf(admin, { totpEnabled: false });
    await expect(Page()).rejects.toThrow(/NEXT_REDIRECT/);
    session.user = sessionUserOf(biller);
    await expect(Page()).rejects.toThrow(/forbidden/);
  });
});

describe("backup health", () => {
  it("is green after a fresh backup, amber (degraded) once the last one is older than twice the interval", async () => {
    const fresh = await getSystemHealth();
    expect(fresh.components.backups).toMatchObject({ status: "green", details: { scheduled: true, intervalMinutes: 60 } });
    await updateManifest(BACKUP_DIR, (m) => {
      for (const e of m.entries) e.createdAt = new Date(Date.now() - 121 * 60_000).toISOString();
    });
    const stale = await getSystemHealth();
    expect(stale.components.backups).toMatchObject({ status: "amber", summary: "stale: the last good backup is 121 min old" });
    expect(stale.overall).not.toBe("green");
  });

  it("shows the last failure until a later backup succeeds", async () => {
    await recordFailure(ctxOf(db().db, admin), "hourly", new Error("pg_dump failed (exit 1): could not connect to postgres://u:secret@h/db"), 2);
    const status = await backupStatus();
    expect(status.lastFailure).toMatchObject({ kind: "hourly", attempts: 2, error: "pg_dump failed (exit 1): could not connect to postgres://…" });
    expect((await getSystemHealth()).components.backups.status).toBe("amber");
    expect(await auditRowsOf(db().db, "backup_failed")).toHaveLength(1);
    await backupNow(ctxOf(db().db, admin));
    expect((await backupStatus()).lastFailure).toBeNull();
    expect((await getSystemHealth()).components.backups.status).toBe("green");
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
describe.skipIf(!usingPostgres || !redisUrl)("two schedulers sharing one Redis (PostgreSQL)", () => {
  it("take exactly one backup per slot between them", async () => {
    const redis = new Redis(redisUrl ?? "");
    const prefix = `backup-test:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    const dir = mkdtempSync(path.join(tmpdir(), "tt-backup-election-"));
    try {
      const url = process.env.DATABASE_URL ?? "";
      let runs = 0;
      const instance = () =>
        createBackupScheduler({
          intervalMs: 60 * 60_000,
          // Each "instance" its own claimer over the one Redis, as two processes would have.
          claimer: redisSlotClaimer(redis, prefix),
          entries: async () => [],
          run: async (kind, at) => {
            runs += 1;
            return createBackup({ engine: "postgres", url }, { dir, kind, at });
          },
          onSuccess: async () => {},
          onFailure: async () => {},
          retryDelayMs: 1,
          now: () => Date.parse("2026-12-01T10:20:00Z"),
        });
      const results = await Promise.all([instance().tick(), instance().tick(), instance().tick()]);
      expect(results.sort()).toEqual(["lost", "lost", "ran"]);
      expect(runs).toBe(1);
      expect((await readManifest(dir)).entries).toHaveLength(1);
      // The next slot is free again: one more backup, by whichever instance wins it.
      const next = await Promise.all(
        [0, 1].map(() =>
          createBackupScheduler({
            intervalMs: 60 * 60_000,
            claimer: redisSlotClaimer(redis, prefix),
            entries: async () => [],
            run: async (kind, at) => createBackup({ engine: "postgres", url }, { dir, kind, at }),
            onSuccess: async () => {},
            onFailure: async () => {},
            now: () => Date.parse("2026-12-01T11:05:00Z"),
          }).tick(),
        ),
      );
      expect(next.sort()).toEqual(["lost", "ran"]);
      expect((await readManifest(dir)).entries).toHaveLength(2);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
