import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, sessions, users } from "@/db/schema";
import { attemptLogin, verifySecondFactor } from "@/lib/server/auth/login-flow";
import { confirmEnrolment, startEnrolment } from "@/lib/server/auth/totp";
import { createRateLimiter, type LimitRule } from "@/lib/server/rate-limit";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// The sign-in steps behind the /login and /2fa actions, on a real database.
const db = setupTestDb();
// Limits count in one-minute windows: the clock is held 1 s into a minute so no test straddles two.
function holdClockAtMinuteStart() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Math.floor(Date.now() / 60_000) * 60_000 + 1000);
}
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const meta = (ip = "192.0.2.40") => ({ ip, requestId: `req-${Math.random().toString(36).slice(2, 8)}` });
const small = (perAccount: number, ipFactor = 6): LimitRule => ({ perAccount, ipFactor, windowS: 60, onRedisError: "memory" });
let seq = 0;
/** A limiter of its own per test, in process. */
const limiter = (rules: Parameters<typeof createRateLimiter>[0]["rules"] = {}) => createRateLimiter({ redis: null, prefix: `lf-${run}-${++seq}`, rules });

async function auditActions(userId?: string) {
  const rows = await db().db.select({ action: auditLog.action, ip: auditLog.ip, requestId: auditLog.requestId, userId: auditLog.userId }).from(auditLog).orderBy(auditLog.id);
  return (userId ? rows.filter((r) => r.userId === userId) : rows).filter((r) => r.action !== "user_created");
}

async function enrolled(role: "admin" | "biller" = "admin") {
  const user = await makeUser(db().db, role);
  const { secret } = await startEnrolment(db().db, user.id);
  // The enrolment code comes from the previous step, so the current one is still unused.
  const result = await confirmEnrolment(db().db, user.id, await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }));
  if (!result.ok) throw new Error("enrolment failed");
  return { user, secret, backupCodes: result.backupCodes };
}

describe("the password step", () => {
  beforeEach(async () => {
    holdClockAtMinuteStart();
    await truncateAll(db());
  });
  afterEach(() => vi.useRealTimers());

  it("answers an unknown user and a wrong password alike, and audits both with IP and request id", async () => {
    const user = await makeUser(db().db, "biller");
    const l = limiter();
    const m = meta("192.0.2.41");
    expect(await attemptLogin(db().db, l, { username: "nobody-here", password: "wrong-password", honeypot: false }, m)).toEqual({ kind: "invalid" });
    expect(await attemptLogin(db().db, l, { username: user.username, password: "wrong-password", honeypot: false }, m)).toEqual({ kind: "invalid" });
    const rows = await auditActions();
    expect(rows.map((r) => r.action)).toEqual(["login_failed_unknown_user", "login_failed_bad_password"]);
    expect(rows.every((r) => r.ip === "192.0.2.41" && r.requestId === m.requestId)).toBe(true);
  });

  it("locks the account on the fifth failure and says until when", async () => {
    const user = await makeUser(db().db, "dispatcher");
    const l = limiter();
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await attemptLogin(db().db, l, { username: user.username, password: "wrong-password", honeypot: false }, meta()));
    expect(outcomes.slice(0, 4).every((o) => o.kind === "invalid")).toBe(true);
    const fifth = outcomes[4];
    expect(fifth?.kind).toBe("locked");
    const until = fifth?.kind === "locked" ? fifth.lockedUntil.getTime() - Date.now() : 0;
    expect(until).toBeGreaterThan(29 * 60_000);
    const right = await attemptLogin(db().db, l, { username: user.username, password: "factory-pass-1", honeypot: false }, meta());
    expect(right.kind).toBe("locked");
  });

  it("refuses a filled honeypot quietly, even with the right password, and audits it", async () => {
    const user = await makeUser(db().db, "biller");
    const outcome = await attemptLogin(db().db, limiter(), { username: user.username, password: "factory-pass-1", honeypot: true }, meta());
    expect(outcome).toEqual({ kind: "invalid" });
    const rows = await auditActions();
    expect(rows.map((r) => r.action)).toEqual(["honeypot_triggered"]);
    const [row] = await db().db.select({ n: users.failedLoginAttempts }).from(users).where(eq(users.id, user.id));
    expect(row?.n).toBe(0);
  });

  it("gives a user with 2FA the second-factor step and no session", async () => {
    const { user } = await enrolled("biller");
    const outcome = await attemptLogin(db().db, limiter(), { username: user.username, password: "factory-pass-1", honeypot: false }, meta());
    expect(outcome).toMatchObject({ kind: "second_factor", userId: user.id });
    expect(await db().db.select().from(sessions)).toHaveLength(0);
    expect((await auditActions(user.id)).map((r) => r.action)).toContain("login_2fa_pending");
  });

  it("limits per account before any password work: the 11th attempt in a minute is refused", async () => {
    const user = await makeUser(db().db, "biller");
    const l = limiter();
    const kinds = [];
    for (let i = 0; i < 11; i++) kinds.push((await attemptLogin(db().db, l, { username: user.username, password: "factory-pass-1", honeypot: false }, meta(`192.0.2.${100 + i}`))).kind);
    expect(kinds.slice(0, 10).every((k) => k === "signed_in")).toBe(true);
    expect(kinds[10]).toBe("rate_limited");
    const actions = (await auditActions()).map((r) => r.action);
    expect(actions.filter((a) => a === "login_success")).toHaveLength(10);
    expect(actions.at(-1)).toBe("login_rate_limited");
  });

  it("limits per IP across many accounts", async () => {
    const l = limiter({ login: small(2, 3) });
    const kinds = [];
    for (let i = 0; i < 8; i++) kinds.push((await attemptLogin(db().db, l, { username: `guess-${i}`, password: "x-password", honeypot: false }, meta("203.0.113.9"))).kind);
    expect(kinds).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid", "invalid", "rate_limited", "rate_limited"]);
  });
});

describe("the second-factor step", () => {
  beforeEach(async () => {
    holdClockAtMinuteStart();
    await truncateAll(db());
  });
  afterEach(() => vi.useRealTimers());

  it("accepts a current TOTP code once and refuses it replayed", async () => {
    const { user, secret } = await enrolled();
    const code = await generate({ secret });
    const l = limiter();
    expect(await verifySecondFactor(db().db, l, { userId: user.id, username: user.username }, code, meta())).toEqual({ ok: true, method: "totp" });
    expect(await verifySecondFactor(db().db, l, { userId: user.id, username: user.username }, code, meta())).toEqual({ ok: false, reason: "invalid" });
  });

  it("accepts a backup code once, in place of a TOTP code", async () => {
    const { user, backupCodes } = await enrolled();
    const code = backupCodes[3] ?? "";
    const l = limiter();
    expect(await verifySecondFactor(db().db, l, { userId: user.id, username: user.username }, code.toLowerCase(), meta())).toEqual({ ok: true, method: "backup_code" });
    expect(await verifySecondFactor(db().db, l, { userId: user.id, username: user.username }, code, meta())).toEqual({ ok: false, reason: "invalid" });
  });

  it("stops guessing after 5 codes a minute per account", async () => {
    const { user } = await enrolled();
    const l = limiter();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await verifySecondFactor(db().db, l, { userId: user.id, username: user.username }, "000000", meta(`198.51.100.${i + 1}`)));
    expect(results.slice(0, 5).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(results[5]).toMatchObject({ ok: false, reason: "rate_limited" });
    const limited = await db().db.select().from(auditLog).where(and(eq(auditLog.action, "2fa_rate_limited"), eq(auditLog.userId, user.id)));
    expect(limited).toHaveLength(1);
  });
});
