import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { formatAge, formatBytes } from "@/lib/backups";
import type { BackupEntry, BackupKind, BackupStatus } from "@/lib/dto/backups";
import { gradeBackups } from "@/lib/server/backups/health";
import { BACKUP_FILE_NAME, backupFileName, readManifest, updateManifest } from "@/lib/server/backups/manifest";
import { libpqTarget, redactUrl } from "@/lib/server/backups/pg-tools";
import { entriesToPrune, pruneBackups } from "@/lib/server/backups/retention";
import { compareCounts, formatComparison } from "@/lib/server/backups/row-counts";
import { createBackupScheduler, memorySlotClaimer, type SchedulerDeps } from "@/lib/server/backups/scheduler";
import { parseEnv } from "@/lib/server/env";

const HOUR = 3_600_000;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tt-backup-unit-"));
  dirs.push(dir);
  return dir;
}

function entryAt(kind: BackupKind, at: number, engine: "postgres" | "pglite" = "postgres"): BackupEntry {
  const date = new Date(at);
  return { file: backupFileName(kind, engine, date), kind, engine, createdAt: date.toISOString(), sizeBytes: 10, durationMs: 5, sha256: "ab".repeat(32), rowCounts: { bags: 1 } };
}

describe("backup file names", () => {
  it("are tracetrack-<kind>-<YYYYMMDDTHHMMSSZ>.<dump|tar.gz>", () => {
    const at = new Date("2026-12-01T05:04:03.123Z");
    expect(backupFileName("hourly", "postgres", at)).toBe("tracetrack-hourly-20261201T050403Z.dump");
    expect(backupFileName("manual", "pglite", at, 2)).toBe("tracetrack-manual-20261201T050403Z-2.tar.gz");
  });

  it("the served-name pattern refuses paths and other files", () => {
    for (const bad of ["../manifest.json", "manifest.json", "tracetrack-hourly-20261201T050403Z.dump/../x", "/etc/passwd", "tracetrack-weekly-20261201T050403Z.dump", "..%2fx"]) {
      expect(BACKUP_FILE_NAME.test(bad), bad).toBe(false);
    }
    expect(BACKUP_FILE_NAME.test("tracetrack-daily-20261201T050403Z.tar.gz")).toBe(true);
  });
});

describe("retention", () => {
  const now = Date.parse("2026-12-01T00:00:00Z");
  const entries = [
    ...Array.from({ length: 30 }, (_, i) => entryAt("hourly", now - i * HOUR)),
    ...Array.from({ length: 16 }, (_, i) => entryAt("daily", now - i * 24 * HOUR - 1000)),
    ...Array.from({ length: 3 }, (_, i) => entryAt("manual", now - i * 7 * 24 * HOUR - 2000)),
  ];

  it("prunes past the newest N of each scheduled kind, oldest first, and never a manual backup", () => {
    const pruned = entriesToPrune(entries, { hourly: 24, daily: 14 });
    expect(pruned.filter((e) => e.kind === "hourly")).toHaveLength(6);
    expect(pruned.filter((e) => e.kind === "daily")).toHaveLength(2);
    expect(pruned.some((e) => e.kind === "manual")).toBe(false);
    const oldestHourly = entries.filter((e) => e.kind === "hourly").slice(24);
    expect(pruned.filter((e) => e.kind === "hourly").map((e) => e.file).sort()).toEqual(oldestHourly.map((e) => e.file).sort());
  });

  it("keeps exactly N files and manifest entries per kind on disk", async () => {
    const dir = tempDir();
    for (const e of entries) writeFileSync(path.join(dir, e.file), "x");
    writeFileSync(path.join(dir, "unrelated.txt"), "not ours");
    await updateManifest(dir, (m) => {
      m.entries = [...entries];
    });
    const removed = await pruneBackups(dir, { hourly: 24, daily: 14 });
    expect(removed).toHaveLength(8);
    const manifest = await readManifest(dir);
    const count = (kind: BackupKind) => manifest.entries.filter((e) => e.kind === kind).length;
    expect([count("hourly"), count("daily"), count("manual")]).toEqual([24, 14, 3]);
    const files = readdirSync(dir).filter((f) => BACKUP_FILE_NAME.test(f));
    expect(files.sort()).toEqual(manifest.entries.map((e) => e.file).sort());
    expect(readdirSync(dir)).toContain("unrelated.txt");
    // A second run with nothing past the limits removes nothing.
    expect(await pruneBackups(dir, { hourly: 24, daily: 14 })).toEqual([]);
  });
});

describe("the manifest", () => {
  it("is rewritten through a temporary file, and concurrent changes in one process all land", async () => {
    const dir = tempDir();
    await Promise.all(Array.from({ length: 20 }, (_, i) => updateManifest(dir, (m) => void m.entries.push(entryAt("manual", Date.UTC(2026, 0, 1, 0, 0, i))))));
    expect((await readManifest(dir)).entries).toHaveLength(20);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

function schedulerWith(overrides: Partial<SchedulerDeps> & { clock: { now: number } }) {
  const made: BackupEntry[] = [];
  const failures: { kind: BackupKind; attempts: number }[] = [];
  const deps: SchedulerDeps = {
    intervalMs: HOUR,
    claimer: memorySlotClaimer(),
    run: async (kind, at) => {
      const e = entryAt(kind, at.getTime() + 5_000);
      made.push(e);
      return e;
    },
    entries: async () => made,
    onSuccess: async () => {},
    onFailure: async (kind, _err, attempts) => void failures.push({ kind, attempts }),
    retryDelayMs: 1,
    now: () => overrides.clock.now,
    ...overrides,
  };
  return { scheduler: createBackupScheduler(deps), made, failures };
}

describe("the scheduler", () => {
  // 2026-12-01 10:20 UTC = 15:50 IST.
  const start = Date.parse("2026-12-01T10:20:00Z");

  it("takes one backup per slot: daily first in an IST day, hourly after", async () => {
    const clock = { now: start };
    const { scheduler, made } = schedulerWith({ clock });
    expect(await scheduler.tick()).toBe("ran");
    expect(await scheduler.tick()).toBe("seen");
    clock.now += 30 * 60_000;
    expect(await scheduler.tick()).toBe("seen");
    clock.now += 30 * 60_000;
    expect(await scheduler.tick()).toBe("ran");
    expect(made.map((e) => e.kind)).toEqual(["daily", "hourly"]);
    expect(made[1]?.createdAt.startsWith("2026-12-01T11:00")).toBe(true);
    // 18:30 UTC is IST midnight: the slot starting 19:00 UTC is the first of the next IST day.
    clock.now = Date.parse("2026-12-01T18:10:00Z");
    expect(await scheduler.tick()).toBe("ran");
    clock.now = Date.parse("2026-12-01T19:05:00Z");
    expect(await scheduler.tick()).toBe("ran");
    expect(made.map((e) => e.kind)).toEqual(["daily", "hourly", "hourly", "daily"]);
  });

  it("a restarted instance skips a slot whose backup is already on disk", async () => {
    const clock = { now: start };
    const first = schedulerWith({ clock });
    await first.scheduler.tick();
    const restarted = schedulerWith({ clock, entries: async () => first.made });
    expect(await restarted.scheduler.tick()).toBe("done");
    expect(restarted.made).toEqual([]);
  });

  it("two instances with one claimer: one backup per slot", async () => {
    const clock = { now: start };
    const claimer = memorySlotClaimer();
    const a = schedulerWith({ clock, claimer, entries: async () => [] });
    const b = schedulerWith({ clock, claimer, entries: async () => [] });
    const results = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(results.sort()).toEqual(["lost", "ran"]);
    expect(a.made.length + b.made.length).toBe(1);
  });

  it("retries a failed backup once; a second failure is recorded once", async () => {
    const clock = { now: start };
    let calls = 0;
    const flaky = schedulerWith({
      clock,
      run: async (kind, at) => {
        calls += 1;
        if (calls === 1) throw new Error("disk full");
        return entryAt(kind, at.getTime());
      },
    });
    expect(await flaky.scheduler.tick()).toBe("retried");
    expect(flaky.failures).toEqual([]);
    const run = vi.fn(async () => {
      throw new Error("pg_dump failed");
    });
    const broken = schedulerWith({ clock, run });
    expect(await broken.scheduler.tick()).toBe("failed");
    expect(run).toHaveBeenCalledTimes(2);
    expect(broken.failures).toEqual([{ kind: "daily", attempts: 2 }]);
  });
});

describe("backup health", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  const status = (over: Partial<BackupStatus>): BackupStatus => ({
    scheduled: true,
    intervalMinutes: 60,
    lastGoodAt: new Date(now - 30 * 60_000).toISOString(),
    lastGoodFile: "f",
    lastFailure: null,
    running: false,
    ...over,
  });

  it("is green while the last good backup is at most twice the interval old", () => {
    expect(gradeBackups(status({}), now, now - 10 * HOUR).status).toBe("green");
    expect(gradeBackups(status({ lastGoodAt: new Date(now - 119 * 60_000).toISOString() }), now, null).status).toBe("green");
  });

  it("turns amber (degraded) when it is older, or the last attempt failed", () => {
    const stale = gradeBackups(status({ lastGoodAt: new Date(now - 121 * 60_000).toISOString() }), now, null);
    expect(stale).toMatchObject({ status: "amber", summary: "stale: the last good backup is 121 min old" });
    const failed = gradeBackups(status({ lastFailure: { at: new Date(now).toISOString(), kind: "hourly", attempts: 2, error: "pg_dump failed" } }), now, null);
    expect(failed.status).toBe("amber");
    expect(failed.summary).toContain("pg_dump failed");
  });

  it("before the first backup counts from the scheduler's start", () => {
    expect(gradeBackups(status({ lastGoodAt: null }), now, now - HOUR).status).toBe("green");
    expect(gradeBackups(status({ lastGoodAt: null }), now, now - 3 * HOUR)).toMatchObject({ status: "amber", summary: "no backup has been taken yet" });
  });

  it("says so when scheduled backups are off, and never degrades then", () => {
    const off = gradeBackups(status({ scheduled: false, lastGoodAt: null }), now, null);
    expect(off).toMatchObject({ status: "green", summary: "scheduled backups off" });
  });
});

describe("backup settings", () => {
  it("default to .data/backups, 24 hourly, 14 daily, every 60 min, scheduled in production only", () => {
    const dev = parseEnv({ NODE_ENV: "development" });
    expect([dev.BACKUP_DIR, dev.BACKUP_HOURLY_KEEP, dev.BACKUP_DAILY_KEEP, dev.BACKUP_INTERVAL_MINUTES, dev.backupSchedule]).toEqual([".data/backups", 24, 14, 60, false]);
    const secrets = { AUTH_SECRET: "a".repeat(32), GATE_PASS_SECRET: "b".repeat(32), APP_URL: "https://t.example" };
    expect(parseEnv({ NODE_ENV: "production", ...secrets }).backupSchedule).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", ...secrets, BACKUP_SCHEDULE: "off" }).backupSchedule).toBe(false);
    expect(parseEnv({ NODE_ENV: "test", BACKUP_SCHEDULE: "on" }).backupSchedule).toBe(true);
    expect(() => parseEnv({ BACKUP_INTERVAL_MINUTES: "0" })).toThrow(/BACKUP_INTERVAL_MINUTES/);
    expect(() => parseEnv({ BACKUP_SCHEDULE: "sometimes" })).toThrow(/BACKUP_SCHEDULE/);
  });
});

describe("helpers", () => {
  it("keeps the password out of pg_dump's command line", () => {
    const { dbname, env } = libpqTarget("postgres://app:s%40cret@db.example:5432/tracetrack?sslmode=require");
    expect(dbname).toBe("postgres://app@db.example:5432/tracetrack?sslmode=require");
    expect(env.PGPASSWORD).toBe("s@cret");
    expect(redactUrl("postgres://app:secret@h/db")).toBe("postgres://app:***@h/db");
  });

  it("compares counts table by table; a table missing on either side is a mismatch", () => {
    const rows = compareCounts({ bags: 3, links: 2, bills: 1 }, { bags: 3, links: 1, scans: 0 });
    expect(rows.map((r) => [r.table, r.ok])).toEqual([
      ["bags", true],
      ["bills", false],
      ["links", false],
      ["scans", false],
    ]);
    expect(formatComparison(rows)).toMatch(/links\s+2\s+1\s+MISMATCH/);
  });

  it("formats sizes and ages", () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(78_404), formatBytes(5_540_562)]).toEqual(["512 B", "1.5 KB", "77 KB", "5.3 MB"]);
    const now = Date.parse("2026-12-01T12:00:00Z");
    expect(formatAge("2026-12-01T11:59:15Z", now)).toBe("45 s");
    expect(formatAge("2026-12-01T08:55:00Z", now)).toBe("3 h 5 min");
    expect(formatAge("2026-11-29T08:00:00Z", now)).toBe("2 d 4 h");
  });
});
