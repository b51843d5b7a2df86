import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, backupCodes, users } from "@/db/schema";
import { BACKUP_CODE_COUNT, countUnusedBackupCodes, useBackupCode } from "@/lib/server/auth/backup-codes";
import { confirmEnrolment, disableTotp, startEnrolment, TOTP_ISSUER, verifyTotp } from "@/lib/server/auth/totp";
import { ConflictError } from "@/lib/server/errors";
import { ctxOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// Exercise encryption at rest: the env is read lazily, after this line.
process.env.AUTH_SECRET = "test-auth-secret-".padEnd(48, "x");

const db = setupTestDb();
const meta = { ip: "192.0.2.30", requestId: "req-totp" };
const pub = () => ({ db: db().db, meta });
/** The context of `user` acting on their own account. */
const own = (user: Awaited<ReturnType<typeof makeUser>>) => ctxOf(db().db, user, meta);
const STEP_MS = 30_000;
// The clock is frozen 10 s into a time step; only Date is faked, timers stay real for the drivers.
const T0 = Math.floor(Date.now() / STEP_MS) * STEP_MS + 10_000;

function codeAt(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor((Date.now() + offsetSteps * STEP_MS) / 1000) });
}

async function actions(userId: string): Promise<string[]> {
  const rows = await db().db.select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.userId, userId)).orderBy(auditLog.id);
  return rows.map((r) => r.a);
}

/** A user with 2FA on; the enrolment code used the previous step, so the current one is fresh. */
async function enrolledUser() {
  const user = await makeUser(db().db, "admin");
  const { secret } = await startEnrolment(own(user));
  const confirmed = await confirmEnrolment(own(user), { code: await codeAt(secret, -1) });
  return { user, secret, backupCodes: confirmed.backupCodes };
}

describe("TOTP two-factor authentication", () => {
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    await truncateAll(db());
  });
  afterEach(() => vi.useRealTimers());

  it("enrols: QR and otpauth URI for TraceTrack, secret encrypted at rest, 10 backup codes once", async () => {
    const user = await makeUser(db().db, "biller");
    const enrolment = await startEnrolment(own(user));
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.otpauthUri).toBe(`otpauth://totp/${TOTP_ISSUER}:${user.username}?secret=${enrolment.secret}&issuer=${TOTP_ISSUER}`);
    expect(enrolment.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const [pending] = await db().db.select().from(users).where(eq(users.id, user.id));
    expect(pending?.totpEnabled).toBe(false);
    expect(pending?.totpSecret).toMatch(/^v1\./);
    expect(pending?.totpSecret).not.toContain(enrolment.secret);

    const result = await confirmEnrolment(own(user), { code: await codeAt(enrolment.secret) });
    const codes = result.backupCodes;
    expect(codes).toHaveLength(BACKUP_CODE_COUNT);
    const stored = await db().db.select({ h: backupCodes.codeHash }).from(backupCodes).where(eq(backupCodes.userId, user.id));
    expect(stored).toHaveLength(BACKUP_CODE_COUNT);
    for (const { h } of stored) for (const code of codes) expect(h).not.toContain(code.replace(/-/g, ""));
    const [enabled] = await db().db.select({ on: users.totpEnabled }).from(users).where(eq(users.id, user.id));
    expect(enabled?.on).toBe(true);
    const [audit] = await db().db.select().from(auditLog).where(and(eq(auditLog.userId, user.id), eq(auditLog.action, "2fa_enabled")));
    expect(audit).toMatchObject({ critical: true, ip: "192.0.2.30", requestId: "req-totp" });
  });

  it("refuses to confirm with a wrong code and audits it", async () => {
    const user = await makeUser(db().db, "biller");
    await startEnrolment(own(user));
    await expect(confirmEnrolment(own(user), { code: "000000" })).rejects.toMatchObject({ code: "invalid_code", message: expect.stringContaining("did not match"), fields: { code: ["Code did not match."] } });
    expect(await actions(user.id)).toContain("2fa_enrolment_failed");
    const [row] = await db().db.select({ on: users.totpEnabled }).from(users).where(eq(users.id, user.id));
    expect(row?.on).toBe(false);
  });

  it("will not restart enrolment while 2FA is on", async () => {
    const { user } = await enrolledUser();
    await expect(startEnrolment(own(user))).rejects.toBeInstanceOf(ConflictError);
  });

  it("accepts a code generated for the current step, then refuses the same code replayed", async () => {
    const { user, secret } = await enrolledUser();
    const code = await codeAt(secret);
    expect(await verifyTotp(pub(), user.id, code)).toBe(true);
    expect(await verifyTotp(pub(), user.id, code)).toBe(false);
    const failures = await db().db.select({ d: auditLog.details }).from(auditLog).where(eq(auditLog.action, "2fa_verify_failed"));
    expect(failures.map((f) => f.d)).toEqual([{ reason: "replayed" }]);
  });

  it("accepts one step either side for clock drift, and no further", async () => {
    const { user, secret } = await enrolledUser();
    expect(await verifyTotp(pub(), user.id, await codeAt(secret, 2))).toBe(false);
    expect(await verifyTotp(pub(), user.id, await codeAt(secret, 1))).toBe(true);
    // Step +1 is now used, so the older current-step code is refused as well.
    expect(await verifyTotp(pub(), user.id, await codeAt(secret))).toBe(false);
  });

  it("lets exactly one of two parallel uses of the same code win", async () => {
    const { user, secret } = await enrolledUser();
    const code = await codeAt(secret);
    const results = await Promise.all([
      verifyTotp(pub(), user.id, code),
      verifyTotp(pub(), user.id, code),
      verifyTotp(pub(), user.id, code),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("refuses a wrong or malformed code and audits each attempt", async () => {
    const { user, secret } = await enrolledUser();
    const right = await codeAt(secret);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    expect(await verifyTotp(pub(), user.id, wrong)).toBe(false);
    expect(await verifyTotp(pub(), user.id, "12ab56")).toBe(false);
    const failures = await db().db.select().from(auditLog).where(eq(auditLog.action, "2fa_verify_failed"));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ userId: user.id, ip: "192.0.2.30", details: { reason: "wrong_code" } });
    expect(await verifyTotp(pub(), user.id, right)).toBe(true);
  });

  it("refuses codes for a user without 2FA", async () => {
    const user = await makeUser(db().db, "dispatcher");
    expect(await verifyTotp(pub(), user.id, "123456")).toBe(false);
  });

  it("accepts each backup code once, in any case and spacing; parallel uses: one wins", async () => {
    const { user, backupCodes: codes } = await enrolledUser();
    const [first = "", second = "", third = ""] = codes;
    expect(await useBackupCode(pub(), user.id, first)).toBe(true);
    expect(await useBackupCode(pub(), user.id, first)).toBe(false);
    expect(await useBackupCode(pub(), user.id, second.toLowerCase().replace(/-/g, " "))).toBe(true);
    const parallel = await Promise.all([useBackupCode(pub(), user.id, third), useBackupCode(pub(), user.id, third)]);
    expect(parallel.filter(Boolean)).toHaveLength(1);
    expect(await useBackupCode(pub(), user.id, "AAAA-BBBB-CCCC")).toBe(false);
    expect(await countUnusedBackupCodes(db().db, user.id)).toBe(BACKUP_CODE_COUNT - 3);
    const used = await db().db.select().from(auditLog).where(eq(auditLog.action, "backup_code_used"));
    expect(used).toHaveLength(3);
    expect(used.every((u) => u.critical)).toBe(true);
  });

  it("turns 2FA off only with the right password, removing the secret and backup codes", async () => {
    const { user, secret, backupCodes: codes } = await enrolledUser();
    await expect(disableTotp(own(user), { password: "not-the-password" })).rejects.toMatchObject({ code: "wrong_password", fields: { password: ["Wrong password."] } });
    expect(await actions(user.id)).toContain("2fa_disable_failed");
    expect(await verifyTotp(pub(), user.id, await codeAt(secret))).toBe(true);

    await expect(disableTotp(own(user), { password: "factory-pass-1" })).resolves.toBeUndefined();
    const [row] = await db().db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ totpEnabled: false, totpSecret: null, totpLastStep: null });
    expect(await countUnusedBackupCodes(db().db, user.id)).toBe(0);
    expect(await useBackupCode(pub(), user.id, codes[0] ?? "")).toBe(false);
    expect(await verifyTotp(pub(), user.id, await codeAt(secret, 1))).toBe(false);
    const [audit] = await db().db.select().from(auditLog).where(eq(auditLog.action, "2fa_disabled"));
    expect(audit?.critical).toBe(true);
  });
});
