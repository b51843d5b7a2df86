import { and, eq } from "drizzle-orm";
import bcrypt from "bcryptjs";
import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, outbox, pendingSignIns, sessions, users } from "@/db/schema";
import {
  attemptLogin,
  checkSecondFactor,
  EXPIRED_STEP,
  signIn,
  verifySecondFactor,
  WRONG_CODE,
  WRONG_CREDENTIALS,
} from "@/lib/server/auth/login-flow";
import { confirmEnrolment, startEnrolment } from "@/lib/server/auth/totp";
import { toErrorBody } from "@/lib/server/errors";
import { BCRYPT_COST } from "@/lib/server/users/passwords";
import type { RequestMeta } from "@/lib/server/service";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import type { LimitRule } from "@/lib/server/rate-limit/limits";
import { ctxOf } from "../support/context";
import { holdClockAtMinuteStart } from "../support/clock";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// The sign-in steps behind the /login and /2fa actions, on a real database.
// The browser's cookie jar (the pending-2FA and session cookies) is the only thing made up.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers(),
}));
const cookieNamed = (part: string) => [...jar].find(([name, value]) => name.includes(part) && value !== "")?.[1];

const db = setupTestDb();
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const meta = (ip = "192.0.2.40") => ({ ip, requestId: `req-${Math.random().toString(36).slice(2, 8)}` });
/** The context of one anonymous request (a sign-in step has no actor yet). */
const pub = (m: RequestMeta = meta()) => ({ db: db().db, meta: m });
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
  const { secret } = await startEnrolment(ctxOf(db().db, user));
  // The enrolment code comes from the previous step, so the current one is still unused.
  const result = await confirmEnrolment(ctxOf(db().db, user), { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }) });
  return { user, secret, backupCodes: result.backupCodes };
}

// Every test starts on empty tables and an empty cookie jar, with the clock 1 s into a minute.
beforeEach(async () => {
  holdClockAtMinuteStart();
  await truncateAll(db());
  await db().db.delete(outbox);
  jar.clear();
});
afterEach(() => vi.useRealTimers());

describe("the password step", () => {
  it("answers an unknown user and a wrong password alike, and audits both with IP and request id", async () => {
    const user = await makeUser(db().db, "biller");
    const l = limiter();
    const m = meta("192.0.2.41");
    expect(await attemptLogin(pub(m), { username: "nobody-here", password: "wrong-password", honeypot: false }, l)).toEqual({ kind: "invalid" });
    expect(await attemptLogin(pub(m), { username: user.username, password: "wrong-password", honeypot: false }, l)).toEqual({ kind: "invalid" });
    const rows = await auditActions();
    expect(rows.map((r) => r.action)).toEqual(["login_failed_unknown_user", "login_failed_bad_password"]);
    expect(rows.every((r) => r.ip === "192.0.2.41" && r.requestId === m.requestId)).toBe(true);
  });

  it("locks the account on the fifth failure and says until when", async () => {
    const user = await makeUser(db().db, "dispatcher");
    const l = limiter();
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await attemptLogin(pub(), { username: user.username, password: "wrong-password", honeypot: false }, l));
    expect(outcomes.slice(0, 4).every((o) => o.kind === "invalid")).toBe(true);
    const fifth = outcomes[4];
    expect(fifth?.kind).toBe("locked");
    const until = fifth?.kind === "locked" ? fifth.lockedUntil.getTime() - Date.now() : 0;
    expect(until).toBeGreaterThan(29 * 60_000);
    const right = await attemptLogin(pub(), { username: user.username, password: "factory-pass-1", honeypot: false }, l);
    expect(right.kind).toBe("locked");
  });

  it("refuses a filled honeypot quietly, even with the right password, and audits it", async () => {
    const user = await makeUser(db().db, "biller");
    const outcome = await attemptLogin(pub(), { username: user.username, password: "factory-pass-1", honeypot: true }, limiter());
    expect(outcome).toEqual({ kind: "invalid" });
    const rows = await auditActions();
    expect(rows.map((r) => r.action)).toEqual(["honeypot_triggered"]);
    const [row] = await db().db.select({ n: users.failedLoginAttempts }).from(users).where(eq(users.id, user.id));
    expect(row?.n).toBe(0);
  });

  it("gives a user with 2FA the second-factor step and no session", async () => {
    const { user } = await enrolled("biller");
    const outcome = await attemptLogin(pub(), { username: user.username, password: "factory-pass-1", honeypot: false }, limiter());
    expect(outcome).toMatchObject({ kind: "second_factor", userId: user.id });
    expect(await db().db.select().from(sessions)).toHaveLength(0);
    expect((await auditActions(user.id)).map((r) => r.action)).toContain("login_2fa_pending");
  });

  it("limits per account before any password work: the 11th attempt in a minute is refused", async () => {
    const user = await makeUser(db().db, "biller");
    const l = limiter();
    const kinds = [];
    for (let i = 0; i < 11; i++) kinds.push((await attemptLogin(pub(meta(`192.0.2.${100 + i}`)), { username: user.username, password: "factory-pass-1", honeypot: false }, l)).kind);
    expect(kinds.slice(0, 10).every((k) => k === "signed_in")).toBe(true);
    expect(kinds[10]).toBe("rate_limited");
    const actions = (await auditActions()).map((r) => r.action);
    expect(actions.filter((a) => a === "login_success")).toHaveLength(10);
    expect(actions.at(-1)).toBe("login_rate_limited");
  });

  it("limits per IP across many accounts", async () => {
    const l = limiter({ login: small(2, 3) });
    const kinds = [];
    for (let i = 0; i < 8; i++) kinds.push((await attemptLogin(pub(meta("203.0.113.9")), { username: `guess-${i}`, password: "x-password", honeypot: false }, l)).kind);
    expect(kinds).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid", "invalid", "rate_limited", "rate_limited"]);
  });
});

describe("the second-factor step", () => {
  it("accepts a current TOTP code once and refuses it replayed", async () => {
    const { user, secret } = await enrolled();
    const code = await generate({ secret });
    const l = limiter();
    expect(await checkSecondFactor(pub(), { userId: user.id, username: user.username }, code, l)).toEqual({ ok: true, method: "totp" });
    expect(await checkSecondFactor(pub(), { userId: user.id, username: user.username }, code, l)).toEqual({ ok: false, reason: "invalid" });
  });

  it("accepts a backup code once, in place of a TOTP code", async () => {
    const { user, backupCodes } = await enrolled();
    const code = backupCodes[3] ?? "";
    const l = limiter();
    expect(await checkSecondFactor(pub(), { userId: user.id, username: user.username }, code.toLowerCase(), l)).toEqual({ ok: true, method: "backup_code" });
    expect(await checkSecondFactor(pub(), { userId: user.id, username: user.username }, code, l)).toEqual({ ok: false, reason: "invalid" });
  });

  it("stops guessing after 5 codes a minute per account: the fifth wrong one locks, the sixth is over the budget", async () => {
    const { user } = await enrolled();
    const l = limiter();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await checkSecondFactor(pub(meta(`198.51.100.${i + 1}`)), { userId: user.id, username: user.username }, "000000", l));
    expect(results.slice(0, 4).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(results[4]).toEqual({ ok: false, reason: "locked" });
    expect(results[5]).toMatchObject({ ok: false, reason: "rate_limited" });
    const limited = await db().db.select().from(auditLog).where(and(eq(auditLog.action, "2fa_rate_limited"), eq(auditLog.userId, user.id)));
    expect(limited).toHaveLength(1);
  });
});

describe("the sign-in form and the /2fa form", () => {
  const form = (username: string, password: string, next?: string) => ({ username, password, next, honeypot: false });

  it("refuse a wrong password, a locking one and a spent budget in the form's own words", async () => {
    const user = await makeUser(db().db, "biller");
    const l = limiter();
    await expect(signIn(pub(), form(user.username, "wrong-password"), l)).rejects.toMatchObject({ code: "invalid_credentials", message: WRONG_CREDENTIALS });
    for (let i = 0; i < 3; i++) await signIn(pub(), form(user.username, "wrong-password"), l).catch(() => undefined);
    // The failure that locks is answered like any other wrong password.
    await expect(signIn(pub(), form(user.username, "wrong-password"), l)).rejects.toMatchObject({ status: 401, code: "invalid_credentials", message: WRONG_CREDENTIALS });
    const spent = limiter({ login: small(1) });
    await signIn(pub(), form("nobody-here", "wrong-password"), spent).catch(() => undefined);
    await expect(signIn(pub(), form("nobody-here", "wrong-password"), spent)).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/^Too many sign-in attempts\. Please wait \d+ seconds? and try again\.$/),
    });
    expect(cookieNamed("session-token")).toBeUndefined();
  });

  it("sign a user without 2FA in: a session row and cookie, then on to where they were going", async () => {
    const user = await makeUser(db().db, "biller");
    expect(await signIn(pub(meta("192.0.2.77")), form(user.username, "factory-pass-1", "/bills?status=new"), limiter())).toEqual({ redirectTo: "/bills?status=new" });
    const [row] = await db().db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(row).toMatchObject({ ip: "192.0.2.77" });
    expect(cookieNamed("session-token")).toBe(row?.sessionToken);
    expect((await auditActions(user.id)).map((r) => r.action)).toEqual(["login_success", "session_started"]);
  });

  it("send a user with 2FA to /2fa without a session, and a valid code from there into one", async () => {
    const { user, secret } = await enrolled("biller");
    expect(await signIn(pub(), form(user.username, "factory-pass-1", "/bills"), limiter())).toEqual({ redirectTo: "/2fa?next=%2Fbills" });
    expect(await db().db.select().from(sessions)).toHaveLength(0);
    expect(cookieNamed("2fa-pending")).toBeDefined();
    await expect(verifySecondFactor(pub(), { code: "000000", next: "/bills" }, limiter())).rejects.toMatchObject({ code: "invalid_code", message: WRONG_CODE, fields: { code: ["Check the code and try again."] } });
    expect(await verifySecondFactor(pub(), { code: await generate({ secret }), next: "/bills" }, limiter())).toEqual({ redirectTo: "/bills" });
    const [row] = await db().db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(cookieNamed("session-token")).toBe(row?.sessionToken);
    expect(cookieNamed("2fa-pending")).toBeUndefined();
  });

  it("refuse the /2fa step without the pending cookie a correct password sets", async () => {
    await enrolled("biller");
    await expect(verifySecondFactor(pub(), { code: "123456" }, limiter())).rejects.toMatchObject({ code: "sign_in_expired", message: EXPIRED_STEP });
    expect(await db().db.select().from(sessions)).toHaveLength(0);
  });
});

describe("the lockout at the /2fa step", () => {
  const form = (username: string, password: string) => ({ username, password, next: "/bills", honeypot: false });
  const lockState = async (userId: string) =>
    (await db().db.select({ n: users.failedLoginAttempts, until: users.lockedUntil }).from(users).where(eq(users.id, userId)))[0];

  it("counts wrong codes toward the lockout: the fifth locks the account, ends the step and is audited", async () => {
    const { user, secret } = await enrolled("biller");
    await signIn(pub(), form(user.username, "factory-pass-1"), limiter());
    const l = limiter();
    for (let i = 0; i < 4; i++) {
      await expect(verifySecondFactor(pub(), { code: `00000${i}` }, l)).rejects.toMatchObject({ code: "invalid_code", message: WRONG_CODE });
    }
    await expect(verifySecondFactor(pub(), { code: "000009" }, l)).rejects.toMatchObject({ code: "sign_in_expired", message: EXPIRED_STEP });
    const state = await lockState(user.id);
    expect(state?.n).toBe(5);
    expect((state?.until?.getTime() ?? 0) - Date.now()).toBeGreaterThan(29 * 60_000);
    const [locked] = await db().db.select().from(auditLog).where(and(eq(auditLog.action, "account_locked"), eq(auditLog.userId, user.id)));
    expect(locked).toMatchObject({ critical: true, details: { attempts: 5, step: "second_factor" } });
    expect(await db().db.select().from(pendingSignIns).where(eq(pendingSignIns.userId, user.id))).toHaveLength(0);

    // Neither the old step with a right code nor a fresh password step gets in while locked.
    await expect(verifySecondFactor(pub(), { code: await generate({ secret }) }, limiter())).rejects.toMatchObject({ code: "sign_in_expired" });
    await expect(signIn(pub(), form(user.username, "factory-pass-1"), limiter())).rejects.toMatchObject({ code: "invalid_credentials", message: WRONG_CREDENTIALS });
    expect(await db().db.select().from(sessions)).toHaveLength(0);
  });

  it("counts wrong passwords and wrong backup codes together, and a right password alone does not clear the count", async () => {
    const { user } = await enrolled("biller");
    const l = limiter();
    await expect(signIn(pub(), form(user.username, "wrong-password"), l)).rejects.toMatchObject({ code: "invalid_credentials" });
    await signIn(pub(), form(user.username, "factory-pass-1"), l);
    for (let i = 0; i < 2; i++) await verifySecondFactor(pub(), { code: "AAAA-BBBB-CCC" + i }, limiter()).catch(() => undefined);
    // A new password step (the way around a per-step limit) starts from the same count.
    await signIn(pub(), form(user.username, "factory-pass-1"), l);
    expect((await lockState(user.id))?.n).toBe(3);
    await verifySecondFactor(pub(), { code: "000000" }, limiter()).catch(() => undefined);
    await expect(verifySecondFactor(pub(), { code: "DDDD-EEEE-FFFF" }, limiter())).rejects.toMatchObject({ code: "sign_in_expired" });
    expect((await lockState(user.id))?.n).toBe(5);
    const failures = (await auditActions(user.id)).map((r) => r.action).filter((a) => /failed|locked/.test(a));
    expect(failures).toEqual(["login_failed_bad_password", "backup_code_failed", "backup_code_failed", "2fa_verify_failed", "backup_code_failed", "account_locked"]);
  });

  it("clears the count once the second factor passes", async () => {
    const { user, secret } = await enrolled("biller");
    await signIn(pub(), form(user.username, "factory-pass-1"), limiter());
    for (let i = 0; i < 3; i++) await verifySecondFactor(pub(), { code: "000000" }, limiter()).catch(() => undefined);
    expect((await lockState(user.id))?.n).toBe(3);
    expect(await verifySecondFactor(pub(), { code: await generate({ secret }) }, limiter())).toEqual({ redirectTo: "/dashboard" });
    expect((await lockState(user.id))?.n).toBe(0);
  });
});

describe("the pending /2fa step is single-use", () => {
  /** Signs in with the password and returns the pending cookie as the browser holds it. */
  async function pendingCookie(username: string): Promise<[string, string]> {
    await signIn(pub(), { username, password: "factory-pass-1", next: "/bills", honeypot: false }, limiter());
    const cookie = [...jar].find(([name, value]) => name.includes("2fa-pending") && value !== "");
    if (!cookie) throw new Error("no pending cookie");
    return cookie;
  }

  it("refuses a second session from a copy of the cookie and the next code", async () => {
    const { user, secret, backupCodes } = await enrolled("biller");
    const [name, value] = await pendingCookie(user.username);
    expect(await verifySecondFactor(pub(), { code: await generate({ secret }) }, limiter())).toEqual({ redirectTo: "/dashboard" });
    jar.set(name, value);
    await expect(verifySecondFactor(pub(), { code: backupCodes[0] ?? "" }, limiter())).rejects.toMatchObject({ code: "sign_in_expired", message: EXPIRED_STEP });
    expect(await db().db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
  });

  it("gives exactly one session to two parallel verifications with the same cookie and valid codes", async () => {
    const { user, secret, backupCodes } = await enrolled("biller");
    await pendingCookie(user.username);
    const l = limiter();
    const codes = [await generate({ secret }), backupCodes[1] ?? "", backupCodes[2] ?? ""];
    const results = await Promise.allSettled(codes.map((code) => verifySecondFactor(pub(), { code }, l)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "sign_in_expired" });
    expect(await db().db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
    expect(await db().db.select().from(pendingSignIns)).toHaveLength(0);
  });
});

describe("a locked account at the sign-in form", () => {
  const form = (username: string, password: string) => ({ username, password, honeypot: false });
  /**
   * The error's public answer (status, code, message, exactly as a route or action would send it)
   * and the cost of each bcrypt check made on the way: what an answer's time depends on.
   */
  const answer = async (attempt: () => Promise<unknown>) => {
    const compare = vi.spyOn(bcrypt, "compare");
    try {
      const err = await attempt().then(() => null, (e: unknown) => e);
      return { bcryptCosts: compare.mock.calls.map(([, hash]) => String(hash).slice(0, 7)), ...toErrorBody(err) };
    } finally {
      compare.mockRestore();
    }
  };
  async function lockedUser(email?: string) {
    const user = await makeUser(db().db, "dispatcher");
    if (email) await db().db.update(users).set({ email }).where(eq(users.id, user.id));
    const l = limiter();
    for (let i = 0; i < 5; i++) await signIn(pub(), form(user.username, "wrong-password"), l).catch(() => undefined);
    return user;
  }

  it("is answered like an unknown user, even with the right password: same status, code and message, in the same time class", async () => {
    const user = await lockedUser();
    const other = await makeUser(db().db, "biller");
    const l = limiter();
    const unknown = await answer(() => signIn(pub(), form("nobody-here", "factory-pass-1"), l));
    const locked = await answer(() => signIn(pub(), form(user.username, "factory-pass-1"), l));
    const wrong = await answer(() => signIn(pub(), form(other.username, "wrong-password"), l));
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ error: { code: "invalid_credentials", message: WRONG_CREDENTIALS } });
    expect(locked).toEqual(unknown);
    expect({ status: wrong.status, body: wrong.body }).toEqual({ status: unknown.status, body: unknown.body });
    // One bcrypt check at the production cost each (a wrong password costs what its hash costs:
    // the factory's is cheaper, a real one is the same).
    expect(unknown.bcryptCosts).toEqual([`$2b$${BCRYPT_COST}$`]);
    expect((await auditActions(user.id)).map((r) => r.action).at(-1)).toBe("login_blocked_locked");
    expect(cookieNamed("session-token")).toBeUndefined();
  });

  it("tells the owner: a critical audit row and one mail to their address, not one per blocked attempt", async () => {
    const user = await lockedUser("owner@example.com");
    for (let i = 0; i < 2; i++) await signIn(pub(), form(user.username, "factory-pass-1"), limiter()).catch(() => undefined);
    const mails = await db().db.select().from(outbox);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "owner@example.com", subject: "Your TraceTrack account was locked" });
    expect(mails[0]?.body).toContain(`The TraceTrack account "${user.username}" was locked after 5 failed sign-in attempts (wrong passwords).`);
    expect(mails[0]?.body).toMatch(/It stays locked until \d{2}:\d{2} IST\. Until then, signing in answers "Wrong username or password\." even with the right password\./);
    const [locked] = await db().db.select().from(auditLog).where(and(eq(auditLog.action, "account_locked"), eq(auditLog.userId, user.id)));
    expect(locked).toMatchObject({ critical: true, entityId: user.id, details: { attempts: 5, step: "password", ownerMailed: true } });
  });

  it("records the lock of an account without an address in the audit log only", async () => {
    const user = await lockedUser();
    expect(await db().db.select().from(outbox)).toHaveLength(0);
    const [locked] = await db().db.select().from(auditLog).where(and(eq(auditLog.action, "account_locked"), eq(auditLog.userId, user.id)));
    expect(locked).toMatchObject({ critical: true, details: { ownerMailed: false } });
  });
});
