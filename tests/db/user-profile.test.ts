import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { bags, backupCodes, scans, sessions, users } from "@/db/schema";
import { getUserProfile, lastIstDays, PROFILE_DAYS, PROFILE_RECENT } from "@/lib/server/admin/user-profile";
import { audit } from "@/lib/server/audit";
import { ctxOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// The admin's per-user page (issue 17): every figure is counted from real scan rows per IST day.

const db = setupTestDb();
// 10:00 IST on 15 March 2026 (04:30 UTC).
const NOW = new Date("2026-03-15T04:30:00Z");
/** An instant given as IST wall-clock time. */
const ist = (local: string) => new Date(`${local}+05:30`);

type User = Awaited<ReturnType<typeof makeUser>>;

async function makeBags(count: number, type: "parent" | "child", prefix: string): Promise<number[]> {
  const rows = await db()
    .db.insert(bags)
    .values(Array.from({ length: count }, (_, i) => ({ qr: `${prefix}${String(i).padStart(4, "0")}`, type, dispatchArea: "lucknow" as const })))
    .returning({ id: bags.id });
  return rows.map((r) => r.id);
}

async function scan(user: User, at: Date, action: "parent" | "child" | "undo", result: string, bag: { parent?: number; child?: number }) {
  await db()
    .db.insert(scans)
    .values({ userId: user.id, createdAt: at, action, result, parentBagId: bag.parent ?? null, childBagId: bag.child ?? null, qr: `Q-${result}`, dispatchArea: "lucknow" });
}

describe("the admin's page of one user", () => {
  beforeEach(async () => truncateAll(db()));

  it("counts scans today, over 7 and 30 IST days, per day and by unique bag, from that user's counted scans only", async () => {
    const user = await makeUser(db().db, "dispatcher");
    const other = await makeUser(db().db, "dispatcher");
    const [p1 = 0, p2 = 0] = await makeBags(2, "parent", "SB9");
    const [c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0] = await makeBags(7, "child", "C9");

    // Today (15 Mar IST): a parent, two children, and a duplicate at 00:10 IST, which is still the
    // 14th in UTC. A refusal and an undo event are not scans.
    await scan(user, ist("2026-03-15T09:00:00"), "parent", "created", { parent: p1 });
    await scan(user, ist("2026-03-15T09:01:00"), "child", "linked", { parent: p1, child: c1 });
    await scan(user, ist("2026-03-15T09:02:00"), "child", "linked", { parent: p1, child: c2 });
    await scan(user, ist("2026-03-15T00:10:00"), "child", "duplicate", { parent: p1, child: c1 });
    await scan(user, ist("2026-03-15T09:03:00"), "child", "rejected:linked_elsewhere", { child: c7 });
    await scan(user, ist("2026-03-15T09:04:00"), "undo", "undone", { parent: p1, child: c2 });
    // Yesterday at 23:50 IST (18:20 UTC, the same UTC day as the 00:10 scan above).
    await scan(user, ist("2026-03-14T23:50:00"), "child", "linked", { parent: p1, child: c3 });
    // 6 days ago: inside the 7 days; 7 days ago: only inside the 30.
    await scan(user, ist("2026-03-09T12:00:00"), "child", "linked", { parent: p2, child: c4 });
    await scan(user, ist("2026-03-09T12:01:00"), "child", "linked", { parent: p2, child: c5 });
    await scan(user, ist("2026-03-08T12:00:00"), "parent", "selected", { parent: p2 });
    // The first of the 30 days, and the day before it (outside).
    await scan(user, ist("2026-02-14T00:00:00"), "child", "linked", { parent: p2, child: c6 });
    await scan(user, ist("2026-02-13T23:59:59"), "child", "linked", { parent: p2, child: c7 });
    // Someone else's scan today.
    await scan(other, ist("2026-03-15T09:05:00"), "child", "linked", { parent: p1, child: c7 });

    const profile = await getUserProfile(db().db, user.id, { now: NOW });
    expect(profile).not.toBeNull();
    if (!profile) return;
    expect(profile.scansToday).toBe(4);
    expect(profile.scans7d).toBe(7);
    expect(profile.scans30d).toBe(9);
    expect(profile.uniqueBags30d).toBe(8);
    expect(profile.perDay).toHaveLength(PROFILE_DAYS);
    expect(profile.perDay[0]).toEqual({ day: "2026-02-14", scans: 1 });
    expect(profile.perDay.at(-1)).toEqual({ day: "2026-03-15", scans: 4 });
    expect(profile.perDay.at(-2)).toEqual({ day: "2026-03-14", scans: 1 });
    expect(Object.fromEntries(profile.perDay.filter((d) => d.scans > 0).map((d) => [d.day, d.scans]))).toEqual({
      "2026-02-14": 1,
      "2026-03-08": 1,
      "2026-03-09": 2,
      "2026-03-14": 1,
      "2026-03-15": 4,
    });
    expect(profile.perDay.reduce((sum, d) => sum + d.scans, 0)).toBe(profile.scans30d);
    // Recent scans list every event of theirs (refusals and undo too), newest first.
    expect(profile.recentScans).toHaveLength(12);
    expect(profile.recentScans[0]).toMatchObject({ action: "undo", result: "undone" });
    expect(profile.recentScans.map((s) => s.at.getTime())).toEqual([...profile.recentScans.map((s) => s.at.getTime())].sort((a, b) => b - a));

    const quiet = await getUserProfile(db().db, other.id, { now: NOW });
    expect(quiet).toMatchObject({ scansToday: 1, scans7d: 1, scans30d: 1, uniqueBags30d: 1 });
  });

  it("lists the 30 IST days ending today, oldest first", () => {
    const days = lastIstDays(NOW, PROFILE_DAYS);
    expect(days).toHaveLength(30);
    expect(days[0]).toBe("2026-02-14");
    expect(days.at(-1)).toBe("2026-03-15");
    // 23:00 UTC on the 14th is already the 15th in IST.
    expect(lastIstDays(new Date("2026-03-14T23:00:00Z"), 2)).toEqual(["2026-03-14", "2026-03-15"]);
  });

  it("shows the account: 2FA and unused backup codes, lock, live sessions, last login; no secrets", async () => {
    const user = await makeUser(db().db, "biller");
    const lockedUntil = new Date(NOW.getTime() + 10 * 60_000);
    const lastLoginAt = new Date(NOW.getTime() - 3_600_000);
    await db()
      .db.update(users)
      .set({ email: "b@example.com", totpEnabled: true, totpSecret: "v1.sealed", lockedUntil, lastLoginAt })
      .where(eq(users.id, user.id));
    await db()
      .db.insert(backupCodes)
      .values([
        { userId: user.id, codeHash: "a:1" },
        { userId: user.id, codeHash: "b:2" },
        { userId: user.id, codeHash: "c:3", usedAt: NOW },
      ]);
    await db()
      .db.insert(sessions)
      .values([
        { sessionToken: "live", userId: user.id, expires: new Date(NOW.getTime() + 60_000), createdAt: NOW },
        { sessionToken: "gone", userId: user.id, expires: new Date(NOW.getTime() - 60_000), createdAt: NOW },
      ]);
    const profile = await getUserProfile(db().db, user.id, { now: NOW, absoluteMs: 3_600_000 });
    expect(profile).toMatchObject({
      username: user.username,
      email: "b@example.com",
      role: "biller",
      authSource: "local",
      totpEnabled: true,
      backupCodesLeft: 2,
      lockedUntil,
      lastLoginAt,
      activeSessions: 1,
      scansToday: 0,
      scans30d: 0,
      recentScans: [],
    });
    expect(Object.keys(profile ?? {})).not.toContain("passwordHash");
    expect(Object.keys(profile ?? {})).not.toContain("totpSecret");
  });

  it("lists the 20 newest audit rows the user wrote, not rows about them by others", async () => {
    const user = await makeUser(db().db, "dispatcher");
    const admin = await makeUser(db().db, "admin");
    for (let i = 0; i < PROFILE_RECENT + 5; i += 1) {
      await audit(db().db, ctxOf(db().db, user), { action: "parent_created", entityType: "bag", entityId: `SB${i}` });
    }
    await audit(db().db, ctxOf(db().db, admin), { action: "account_unlocked", entityType: "user", entityId: user.id });
    const profile = await getUserProfile(db().db, user.id, { now: NOW });
    expect(profile?.recentActivity).toHaveLength(PROFILE_RECENT);
    expect(profile?.recentActivity[0]).toMatchObject({ action: "parent_created", entityId: `SB${PROFILE_RECENT + 4}`, ip: "10.0.0.7" });
    expect(profile?.recentActivity.map((r) => r.action)).not.toContain("account_unlocked");
  });

  it("names each row's entity as it is called today (a user by name, not by id)", async () => {
    const user = await makeUser(db().db, "admin");
    const other = await makeUser(db().db, "dispatcher");
    await audit(db().db, ctxOf(db().db, user), { action: "account_unlocked", entityType: "user", entityId: other.id });
    await audit(db().db, ctxOf(db().db, user), { action: "account_unlocked", entityType: "user", entityId: "gone-user-id" });
    const profile = await getUserProfile(db().db, user.id, { now: NOW });
    expect(profile?.recentActivity.map((r) => r.entityName)).toEqual([null, other.username]);
  });

  it("has no page for a deleted (anonymised) user or an unknown id", async () => {
    const user = await makeUser(db().db, "dispatcher");
    expect(await getUserProfile(db().db, user.id, { now: NOW })).not.toBeNull();
    await db().db.update(users).set({ deletedAt: NOW }).where(eq(users.id, user.id));
    expect(await getUserProfile(db().db, user.id, { now: NOW })).toBeNull();
    expect(await getUserProfile(db().db, "00000000-0000-4000-8000-000000000000", { now: NOW })).toBeNull();
  });
});
