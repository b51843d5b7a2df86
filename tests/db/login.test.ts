import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { checkPassword } from "@/lib/server/auth/login";
import { FAILURE_WINDOW_MINUTES, LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from "@/lib/server/auth/lockout";
import { truncateAll, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
const meta = { ip: "192.0.2.10", requestId: "req-1" };
const pub = () => ({ db: db().db, meta });

describe("password check with lockout", () => {
  beforeEach(async () => truncateAll(db()));

  it("accepts the right password case-insensitively on the username and audits it", async () => {
    const user = await makeUser(db().db, "biller");
    const result = await checkPassword(pub(), user.username.toUpperCase(), "factory-pass-1");
    expect(result).toEqual({ ok: true, userId: user.id, username: user.username });
    const audit = await db().db.select().from(auditLog).where(eq(auditLog.action, "login_success"));
    expect(audit[0]).toMatchObject({ userId: user.id, ip: "192.0.2.10", requestId: "req-1" });
  });

  it("answers unknown users and wrong passwords the same way", async () => {
    const user = await makeUser(db().db, "biller");
    expect(await checkPassword(pub(), "nobody-here", "whatever-pass")).toEqual({ ok: false, reason: "invalid" });
    expect(await checkPassword(pub(), user.username, "wrong-password")).toEqual({ ok: false, reason: "invalid" });
    const actions = (await db().db.select({ a: auditLog.action }).from(auditLog)).map((r) => r.a).filter((a) => a.startsWith("login")).sort();
    expect(actions).toEqual(["login_failed_bad_password", "login_failed_unknown_user"]);
  });

  it(`locks the account for ${LOCKOUT_MINUTES} minutes after ${MAX_FAILED_LOGINS} failures, even for the right password`, async () => {
    const user = await makeUser(db().db, "dispatcher");
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      expect(await checkPassword(pub(), user.username, "wrong-password")).toEqual({ ok: false, reason: "invalid" });
    }
    const fifth = await checkPassword(pub(), user.username, "wrong-password");
    expect(fifth.ok === false && fifth.reason).toBe("locked");
    const lockedFor = fifth.ok === false && fifth.reason === "locked" ? fifth.lockedUntil.getTime() - Date.now() : 0;
    expect(lockedFor).toBeGreaterThan((LOCKOUT_MINUTES - 1) * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(LOCKOUT_MINUTES * 60_000 + 5_000);
    const right = await checkPassword(pub(), user.username, "factory-pass-1");
    expect(right.ok === false && right.reason).toBe("locked");
    const locked = await db().db.select().from(auditLog).where(eq(auditLog.action, "account_locked"));
    expect(locked[0]?.critical).toBe(true);
  });

  it("counts parallel failures exactly", async () => {
    const user = await makeUser(db().db, "biller");
    await Promise.all(Array.from({ length: 4 }, () => checkPassword(pub(), user.username, "wrong-password")));
    const [row] = await db().db.select({ n: users.failedLoginAttempts }).from(users).where(eq(users.id, user.id));
    expect(row?.n).toBe(4);
  });

  it(`forgets failures after ${FAILURE_WINDOW_MINUTES} quiet minutes: the next one counts as the first`, async () => {
    const user = await makeUser(db().db, "admin");
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await checkPassword(pub(), user.username, "wrong-password");
    // The last failure was just over the window ago (the database's clock decides).
    await db().db
      .update(users)
      .set({ lastFailedLoginAt: sql`now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES}, secs => 1)` })
      .where(eq(users.id, user.id));
    expect(await checkPassword(pub(), user.username, "wrong-password")).toEqual({ ok: false, reason: "invalid" });
    const [row] = await db().db.select({ n: users.failedLoginAttempts, until: users.lockedUntil }).from(users).where(eq(users.id, user.id));
    expect(row).toEqual({ n: 1, until: null });
    const [audit] = await db().db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "login_failed_bad_password")).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(audit?.details).toEqual({ attempts: 1 });
  });

  it(`keeps counting failures less than ${FAILURE_WINDOW_MINUTES} minutes apart`, async () => {
    const user = await makeUser(db().db, "admin");
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      await checkPassword(pub(), user.username, "wrong-password");
      await db().db
        .update(users)
        .set({ lastFailedLoginAt: sql`now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES - 1})` })
        .where(eq(users.id, user.id));
    }
    const fifth = await checkPassword(pub(), user.username, "wrong-password");
    expect(fifth.ok === false && fifth.reason).toBe("locked");
  });

  it("starts counting afresh once a lock has expired, and a success clears the counter", async () => {
    const user = await makeUser(db().db, "biller");
    await db().db.update(users).set({ failedLoginAttempts: 5, lockedUntil: new Date(Date.now() - 1000) }).where(eq(users.id, user.id));
    expect(await checkPassword(pub(), user.username, "wrong-password")).toEqual({ ok: false, reason: "invalid" });
    let [row] = await db().db.select({ n: users.failedLoginAttempts, until: users.lockedUntil }).from(users).where(eq(users.id, user.id));
    expect(row).toEqual({ n: 1, until: null });
    expect((await checkPassword(pub(), user.username, "factory-pass-1")).ok).toBe(true);
    [row] = await db().db.select({ n: users.failedLoginAttempts, until: users.lockedUntil }).from(users).where(eq(users.id, user.id));
    expect(row).toEqual({ n: 0, until: null });
  });
});
