import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, sessions, users } from "@/db/schema";
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
  beforeEach(async () => {
    holdClockAtMinuteStart();
    await truncateAll(db());
  });
  afterEach(() => vi.useRealTimers());

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

  it("stops guessing after 5 codes a minute per account", async () => {
    const { user } = await enrolled();
    const l = limiter();
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await checkSecondFactor(pub(meta(`198.51.100.${i + 1}`)), { userId: user.id, username: user.username }, "000000", l));
    expect(results.slice(0, 5).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(results[5]).toMatchObject({ ok: false, reason: "rate_limited" });
    const limited = await db().db.select().from(auditLog).where(and(eq(auditLog.action, "2fa_rate_limited"), eq(auditLog.userId, user.id)));
    expect(limited).toHaveLength(1);
  });
});

describe("the sign-in form and the /2fa form", () => {
  beforeEach(async () => {
    holdClockAtMinuteStart();
    await truncateAll(db());
    jar.clear();
  });
  afterEach(() => vi.useRealTimers());

  const form = (username: string, password: string, next?: string) => ({ username, password, next, honeypot: false });

  it("refuse a wrong password, a locked account and a spent budget in the form's own words", async () => {
    const user = await makeUser(db().db, "biller");
    const l = limiter();
    await expect(signIn(pub(), form(user.username, "wrong-password"), l)).rejects.toMatchObject({ code: "invalid_credentials", message: WRONG_CREDENTIALS });
    for (let i = 0; i < 3; i++) await signIn(pub(), form(user.username, "wrong-password"), l).catch(() => undefined);
    await expect(signIn(pub(), form(user.username, "wrong-password"), l)).rejects.toMatchObject({
      code: "account_locked",
      message: expect.stringMatching(/^Too many failed attempts\. This account is locked until \d{2}:\d{2} IST\.$/),
    });
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
