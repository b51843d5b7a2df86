import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, backupCodes, pendingSignIns, sessions, users } from "@/db/schema";
import { BACKUP_CODE_COUNT, countUnusedBackupCodes, useBackupCode as redeemBackupCode } from "@/lib/server/auth/backup-codes";
import { confirmEnrolment, startEnrolment } from "@/lib/server/auth/totp";
import { regenerateBackupCodes, resetTwoFactorByAdmin } from "@/lib/server/auth/two-factor-recovery";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import { ctxOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { FACTORY_PASSWORD, makeUser } from "../support/factories";

// 2FA recovery (issue 17): an admin resets another user's 2FA with their own current code; a user
// replaces their backup codes with password + code.

process.env.AUTH_SECRET = "test-auth-secret-".padEnd(48, "x");

const db = setupTestDb();
const meta = { ip: "192.0.2.41", requestId: "req-2fa-recovery" };
const STEP_MS = 30_000;
const T0 = Math.floor(Date.now() / STEP_MS) * STEP_MS + 10_000;

type User = Awaited<ReturnType<typeof makeUser>>;
const ctx = (user: User) => ctxOf(db().db, user, meta);
const pub = () => ({ db: db().db, meta });

let run = 0;
/** A limiter of its own per test (in process), so the budget of one test does not spill over. */
const limiter = (perAccount = 100) =>
  createRateLimiter({ redis: null, prefix: `tfr-${process.pid}-${++run}`, rules: { "2fa-verify": { perAccount, ipFactor: 6, windowS: 60, onRedisError: "memory" } } });

function codeAt(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor((Date.now() + offsetSteps * STEP_MS) / 1000) });
}

/** A user with 2FA on (enrolled with the previous step's code, so the current one is fresh). */
async function enrolled(role: "admin" | "biller" | "dispatcher") {
  const user = await makeUser(db().db, role);
  const { secret } = await startEnrolment(ctx(user));
  const { backupCodes: codes } = await confirmEnrolment(ctx(user), { code: await codeAt(secret, -1) });
  return { user, secret, codes };
}

async function stateOf(userId: string) {
  const [row] = await db()
    .db.select({ enabled: users.totpEnabled, secret: users.totpSecret, lastStep: users.totpLastStep })
    .from(users)
    .where(eq(users.id, userId));
  const codes = await db().db.select({ id: backupCodes.id }).from(backupCodes).where(eq(backupCodes.userId, userId));
  const live = await db().db.select({ t: sessions.sessionToken }).from(sessions).where(eq(sessions.userId, userId));
  return { ...row, codes: codes.length, sessions: live.length };
}

async function signedIn(userId: string, n = 2) {
  const expires = new Date(Date.now() + 30 * 60_000);
  await db()
    .db.insert(sessions)
    .values(Array.from({ length: n }, (_, i) => ({ sessionToken: `s-${userId}-${i}`, userId, expires })));
}

async function auditActions(userId: string): Promise<string[]> {
  const rows = await db().db.select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.userId, userId)).orderBy(auditLog.id);
  return rows.map((r) => r.a);
}

describe("an admin resets another user's 2FA", () => {
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    await truncateAll(db());
  });
  afterEach(() => vi.useRealTimers());

  it("with their own current code: the user's 2FA, backup codes, sessions and pending sign-ins are gone; audited as critical", async () => {
    const admin = await enrolled("admin");
    const target = await enrolled("admin");
    await signedIn(target.user.id, 3);
    await db()
      .db.insert(pendingSignIns)
      .values({ id: "pending-1", userId: target.user.id, expiresAt: new Date(Date.now() + 300_000) });
    expect(await stateOf(target.user.id)).toMatchObject({ enabled: true, codes: BACKUP_CODE_COUNT, sessions: 3 });

    const result = await resetTwoFactorByAdmin(ctx(admin.user), { userId: target.user.id, code: await codeAt(admin.secret) }, limiter());
    expect(result).toEqual({ username: target.user.username, sessionsEnded: 3, backupCodesRemoved: BACKUP_CODE_COUNT });
    expect(await stateOf(target.user.id)).toEqual({ enabled: false, secret: null, lastStep: null, codes: 0, sessions: 0 });
    expect(await db().db.select().from(pendingSignIns).where(eq(pendingSignIns.userId, target.user.id))).toEqual([]);
    // The old backup codes are void: the target has no second factor left to use.
    expect(await redeemBackupCode(pub(), target.user.id, target.codes[0] ?? "")).toBe(false);
    const [row] = await db()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "2fa_reset_by_admin"), eq(auditLog.entityId, target.user.id)));
    expect(row).toMatchObject({ userId: admin.user.id, actor: admin.user.username, critical: true, ip: meta.ip, entityType: "user" });
    expect(row?.details).toMatchObject({ username: target.user.username, sessionsEnded: 3 });
    // The admin's own 2FA is untouched.
    expect(await stateOf(admin.user.id)).toMatchObject({ enabled: true, codes: BACKUP_CODE_COUNT });
  });

  it("refuses a wrong own code and changes nothing; the attempt is audited", async () => {
    const admin = await enrolled("admin");
    const target = await enrolled("biller");
    await signedIn(target.user.id);
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: target.user.id, code: "000000" }, limiter())).rejects.toMatchObject({
      status: 400,
      code: "invalid_code",
      fields: { code: [expect.stringContaining("did not match")] },
    });
    // The target's code is not the admin's.
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: target.user.id, code: await codeAt(target.secret) }, limiter())).rejects.toMatchObject({
      code: "invalid_code",
    });
    expect(await stateOf(target.user.id)).toMatchObject({ enabled: true, codes: BACKUP_CODE_COUNT, sessions: 2 });
    expect(await auditActions(admin.user.id)).toContain("2fa_verify_failed");
    expect(await auditActions(admin.user.id)).not.toContain("2fa_reset_by_admin");
  });

  it("accepts the admin's code once: the same code cannot reset a second user", async () => {
    const admin = await enrolled("admin");
    const first = await enrolled("dispatcher");
    const second = await enrolled("biller");
    const code = await codeAt(admin.secret);
    await resetTwoFactorByAdmin(ctx(admin.user), { userId: first.user.id, code }, limiter());
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: second.user.id, code }, limiter())).rejects.toMatchObject({ code: "invalid_code" });
    expect(await stateOf(second.user.id)).toMatchObject({ enabled: true });
  });

  it("refuses the admin's own account (Profile is the way) before looking at the code", async () => {
    const admin = await enrolled("admin");
    const code = await codeAt(admin.secret);
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: admin.user.id, code }, limiter())).rejects.toMatchObject({ status: 409, code: "own_account" });
    expect(await stateOf(admin.user.id)).toMatchObject({ enabled: true, codes: BACKUP_CODE_COUNT });
    // The code was not spent: it still resets someone else.
    const target = await enrolled("biller");
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: target.user.id, code }, limiter())).resolves.toMatchObject({ username: target.user.username });
  });

  it("refuses non-admins, users without 2FA, deleted users and unknown ids", async () => {
    const admin = await enrolled("admin");
    const biller = await enrolled("biller");
    const target = await enrolled("dispatcher");
    await expect(resetTwoFactorByAdmin(ctx(biller.user), { userId: target.user.id, code: await codeAt(biller.secret) }, limiter())).rejects.toMatchObject({ status: 403 });
    const plain = await makeUser(db().db, "dispatcher");
    const code = await codeAt(admin.secret);
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: plain.id, code }, limiter())).rejects.toMatchObject({ status: 409, code: "totp_not_enabled" });
    await db().db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, target.user.id));
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: target.user.id, code }, limiter())).rejects.toMatchObject({ status: 404 });
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: "no-such-user", code }, limiter())).rejects.toMatchObject({ status: 404 });
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: target.user.id, code: "12345" }, limiter())).rejects.toMatchObject({
      status: 400,
      fields: { code: [expect.stringContaining("6-digit")] },
    });
  });

  it("is rate limited like 2fa-verify: past the budget the code is not even checked", async () => {
    const admin = await enrolled("admin");
    const target = await enrolled("biller");
    const tight = limiter(2);
    for (let i = 0; i < 2; i += 1) {
      await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: target.user.id, code: "000000" }, tight)).rejects.toMatchObject({ code: "invalid_code" });
    }
    await expect(resetTwoFactorByAdmin(ctx(admin.user), { userId: target.user.id, code: await codeAt(admin.secret) }, tight)).rejects.toMatchObject({
      status: 429,
      code: "rate_limited",
    });
    expect(await stateOf(target.user.id)).toMatchObject({ enabled: true });
  });
});

describe("a user regenerates their backup codes", () => {
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    await truncateAll(db());
  });
  afterEach(() => vi.useRealTimers());

  it("with password and a current code: old codes all fail, the new ones work once, the count goes down", async () => {
    const { user, secret, codes: old } = await enrolled("biller");
    expect(await redeemBackupCode(pub(), user.id, old[0] ?? "")).toBe(true);
    expect(await countUnusedBackupCodes(db().db, user.id)).toBe(BACKUP_CODE_COUNT - 1);

    const { backupCodes: fresh } = await regenerateBackupCodes(ctx(user), { password: FACTORY_PASSWORD, code: await codeAt(secret) }, limiter());
    expect(fresh).toHaveLength(BACKUP_CODE_COUNT);
    expect(new Set(fresh).size).toBe(BACKUP_CODE_COUNT);
    expect(fresh.some((c) => old.includes(c))).toBe(false);
    expect(await countUnusedBackupCodes(db().db, user.id)).toBe(BACKUP_CODE_COUNT);
    for (const code of old.slice(1, 4)) expect(await redeemBackupCode(pub(), user.id, code)).toBe(false);
    expect(await redeemBackupCode(pub(), user.id, fresh[0] ?? "")).toBe(true);
    expect(await redeemBackupCode(pub(), user.id, fresh[0] ?? "")).toBe(false);
    expect(await countUnusedBackupCodes(db().db, user.id)).toBe(BACKUP_CODE_COUNT - 1);
    const [row] = await db()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, user.id), eq(auditLog.action, "backup_codes_regenerated")));
    expect(row).toMatchObject({ critical: true, entityId: user.id });
    expect(JSON.stringify(row)).not.toContain(fresh[0]);
  });

  it("needs the correct password AND a correct code; a refusal keeps the old codes", async () => {
    const { user, secret, codes: old } = await enrolled("dispatcher");
    await expect(regenerateBackupCodes(ctx(user), { password: "not-my-password", code: await codeAt(secret) }, limiter())).rejects.toMatchObject({
      status: 400,
      code: "wrong_password",
      fields: { password: [expect.any(String)] },
    });
    await expect(regenerateBackupCodes(ctx(user), { password: FACTORY_PASSWORD, code: "000000" }, limiter())).rejects.toMatchObject({
      status: 400,
      code: "invalid_code",
    });
    // A backup code is not a TOTP code here.
    await expect(regenerateBackupCodes(ctx(user), { password: FACTORY_PASSWORD, code: old[1] ?? "" }, limiter())).rejects.toMatchObject({ status: 400 });
    expect(await countUnusedBackupCodes(db().db, user.id)).toBe(BACKUP_CODE_COUNT);
    expect(await redeemBackupCode(pub(), user.id, old[0] ?? "")).toBe(true);
    const actions = await auditActions(user.id);
    expect(actions).toContain("backup_codes_regenerate_failed");
    expect(actions).toContain("2fa_verify_failed");
    expect(actions).not.toContain("backup_codes_regenerated");
    // The wrong-password attempt did not spend the current code: it still works.
    await expect(regenerateBackupCodes(ctx(user), { password: FACTORY_PASSWORD, code: await codeAt(secret) }, limiter())).resolves.toHaveProperty("backupCodes");
  });

  it("refuses without 2FA", async () => {
    const user = await makeUser(db().db, "biller");
    await expect(regenerateBackupCodes(ctx(user), { password: FACTORY_PASSWORD, code: "123456" }, limiter())).rejects.toMatchObject({
      status: 409,
      code: "totp_not_enabled",
    });
  });
});
