import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { AUDIT_RETENTION_DAYS, AUDIT_SNAPSHOT_DAYS, pruneAudit } from "@/lib/server/audit";
import { setupTestDb, truncateAll } from "../support/db";

const db = setupTestDb();
const now = new Date("2026-06-30T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 60 * 60 * 1000);

async function row(action: string, ageDays: number, critical = false) {
  await db().db.insert(auditLog).values({
    action,
    createdAt: daysAgo(ageDays),
    before: { status: "old" },
    after: { status: "new" },
    details: { note: action },
    critical,
  });
}

describe("audit retention", () => {
  beforeEach(async () => truncateAll(db()));

  it("deletes non-critical rows after 90 days, trims snapshots after 30, keeps critical rows whole", async () => {
    await row("old_plain", AUDIT_RETENTION_DAYS + 10);
    await row("old_critical", AUDIT_RETENTION_DAYS + 300, true);
    await row("month_plain", AUDIT_SNAPSHOT_DAYS + 10);
    await row("month_critical", AUDIT_SNAPSHOT_DAYS + 10, true);
    await row("recent_plain", AUDIT_SNAPSHOT_DAYS - 1);

    expect(await pruneAudit(db().db, now)).toEqual({ deleted: 1, trimmed: 1 });
    const rows = await db()
      .db.select({ action: auditLog.action, before: auditLog.before, after: auditLog.after, details: auditLog.details })
      .from(auditLog)
      .orderBy(asc(auditLog.id));
    expect(rows).toEqual([
      { action: "old_critical", before: { status: "old" }, after: { status: "new" }, details: { note: "old_critical" } },
      { action: "month_plain", before: null, after: null, details: { note: "month_plain" } },
      { action: "month_critical", before: { status: "old" }, after: { status: "new" }, details: { note: "month_critical" } },
      { action: "recent_plain", before: { status: "old" }, after: { status: "new" }, details: { note: "recent_plain" } },
    ]);
    expect(await pruneAudit(db().db, now)).toEqual({ deleted: 0, trimmed: 0 });
  });

  it("keeps a row that is exactly on the boundary", async () => {
    await row("boundary", AUDIT_RETENTION_DAYS);
    expect((await pruneAudit(db().db, now)).deleted).toBe(0);
  });
});
