import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, outbox, passwordResetTokens, sessions, users } from "@/db/schema";
import { setTemporaryPassword } from "@/lib/server/admin/admin-users";
import { checkPassword } from "@/lib/server/auth/login";
import {
  hashResetToken,
  INVALID_RESET_LINK,
  RESET_LINK_PROBLEMS,
  requestPasswordReset,
  resetLinkState,
  resetPassword,
} from "@/lib/server/auth/password-reset";
import { systemContext } from "@/lib/server/service";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { listOutbox, type MailMessage } from "@/lib/server/mail";
import { createUser } from "@/lib/server/users/mutations";
import { ctxOf } from "../support/context";
import { holdClockAtMinuteStart } from "../support/clock";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// Read lazily by getEnv(): mails go to the outbox, links use this base.
process.env.APP_URL = "https://track.example.test/";
delete process.env.SMTP_URL;

// What the app hands to the mailer, as a mail server would receive it: the outbox keeps reset
// links masked, so the live token is read here.
const handed = vi.hoisted(() => [] as MailMessage[]);
vi.mock("@/lib/server/mail", async (importOriginal) => {
  const mail = await importOriginal<typeof import("@/lib/server/mail")>();
  return {
    ...mail,
    sendMail: async (...args: Parameters<typeof mail.sendMail>) => {
      handed.push(args[1]);
      return mail.sendMail(...args);
    },
  };
});

const db = setupTestDb();
const meta = { ip: "192.0.2.40", requestId: "req-reset" };
const pub = () => ({ db: db().db, meta });
let seq = 0;

async function userWithEmail() {
  seq += 1;
  const username = `reset_user_${seq}`;
  const user = await createUser(systemContext(db().db), { username, email: `${username}@example.com`, password: "old-password-1", role: "biller" });
  return { ...user, email: `${username}@example.com` };
}

async function openSessions(userId: string, n = 2) {
  for (let i = 0; i < n; i++) {
    await db().db.insert(sessions).values({ sessionToken: `${userId}-s${i}`, userId, expires: new Date(Date.now() + 600_000) });
  }
}

/** Requests a reset and reads the token back out of the mailed link. */
async function mailedToken(identifier: string): Promise<string> {
  await requestPasswordReset(pub(), { identifier });
  const token = /\/reset-password\/([A-Za-z0-9_-]{43})$/m.exec(handed.at(-1)?.text ?? "")?.[1];
  if (!token) throw new Error("no reset link in the mail");
  return token;
}

async function resetError(token: string, password = "brand-new-pass-9"): Promise<unknown> {
  return resetPassword(pub(), { token, password, confirm: password }).then(() => null, (e: unknown) => e);
}

describe("password reset by mailed link", () => {
  beforeEach(async () => {
    await truncateAll(db());
    await db().db.delete(outbox);
    handed.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it("mails a one-hour link to the account's address and stores only the token's hash", async () => {
    const user = await userWithEmail();
    expect(await requestPasswordReset(pub(), { identifier: user.email.toUpperCase() })).toBeUndefined();
    const mails = await listOutbox(db().db, 10);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: user.email, subject: "Reset your TraceTrack password", sentAt: null });
    expect(handed).toHaveLength(1);
    const token = /https:\/\/track\.example\.test\/reset-password\/([A-Za-z0-9_-]{43})/.exec(handed[0]?.text ?? "")?.[1] ?? "";
    expect(token).toHaveLength(43);

    const [row] = await db().db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    expect(row?.tokenHash).toBe(hashResetToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row?.requestedIp).toBe("192.0.2.40");
    const ttl = (row?.expiresAt.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0);
    expect(ttl).toBe(60 * 60_000);
  });

  it("keeps no live reset link in the outbox: stored and shown as /reset-password/••••… and the last 4 characters", async () => {
    const user = await userWithEmail();
    const token = await mailedToken(user.email);
    const masked = `https://track.example.test/reset-password/••••…${token.slice(-4)}`;
    const stored = await db().db.select().from(outbox);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]?.body).toContain(masked);
    const [shown] = await listOutbox(db().db, 10);
    expect(shown?.body).not.toContain(token);
    expect(shown?.body).toContain(masked);
  });

  it("masks a reset link an older version stored in clear when the outbox is read", async () => {
    const token = "k".repeat(39) + "WXYZ";
    await db().db.insert(outbox).values({ to: "old@example.com", subject: "Reset your TraceTrack password", body: `Open this:\nhttp://localhost:3000/reset-password/${token}\n` });
    const [shown] = await listOutbox(db().db, 10);
    expect(shown?.body).toBe("Open this:\nhttp://localhost:3000/reset-password/••••…WXYZ\n");
  });

  it("also finds the account by username, case-insensitively", async () => {
    const user = await userWithEmail();
    await requestPasswordReset(pub(), { identifier: user.username.toUpperCase() });
    expect((await listOutbox(db().db, 10)).map((m) => m.to)).toEqual([user.email]);
  });

  it("answers an unknown address identically, in about the same time, and sends nothing", async () => {
    const user = await userWithEmail();
    let t = performance.now();
    const known = await requestPasswordReset(pub(), { identifier: user.email });
    const knownMs = performance.now() - t;
    t = performance.now();
    const unknown = await requestPasswordReset(pub(), { identifier: "nobody@example.com" });
    const unknownMs = performance.now() - t;
    expect(unknown).toEqual(known);
    expect(Math.min(knownMs, unknownMs)).toBeGreaterThanOrEqual(290);
    expect(Math.abs(knownMs - unknownMs)).toBeLessThan(150);
    expect(await listOutbox(db().db, 10)).toHaveLength(1);
    const [audit] = await db().db.select().from(auditLog).where(eq(auditLog.action, "password_reset_requested_unknown"));
    expect(audit?.details).toEqual({ identifier: "nobody@example.com", reason: "no_account" });
  });

  it("answers a filled honeypot the same way, after the same time, and mails nothing", async () => {
    const user = await userWithEmail();
    const t = performance.now();
    expect(await requestPasswordReset(pub(), { identifier: user.email, honeypot: true })).toBeUndefined();
    expect(performance.now() - t).toBeGreaterThanOrEqual(290);
    expect(await listOutbox(db().db, 10)).toHaveLength(0);
    const [audit] = await db().db.select().from(auditLog).where(eq(auditLog.action, "honeypot_triggered"));
    expect(audit?.details).toEqual({ form: "forgot-password" });
  });

  it("limits requests per address: the fourth in a minute is refused as too many requests", async () => {
    holdClockAtMinuteStart();
    const user = await userWithEmail();
    // An address of its own, so this test spends no other test's per-IP budget.
    const asker = { db: db().db, meta: { ip: "198.51.100.201", requestId: "req-limit" } };
    for (let i = 0; i < 3; i++) await requestPasswordReset(asker, { identifier: user.email });
    await expect(requestPasswordReset(asker, { identifier: user.email })).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/^Too many requests\. Please wait \d+ seconds? and try again\.$/),
    });
    expect(await listOutbox(db().db, 10)).toHaveLength(3);
  });

  it("limits guesses per link: the sixth try of one token in a minute is refused", async () => {
    holdClockAtMinuteStart();
    const guesser = { db: db().db, meta: { ip: "198.51.100.202", requestId: "req-guess" } };
    const guess = () => resetPassword(guesser, { token: "g".repeat(43), password: "brand-new-pass-9", confirm: "brand-new-pass-9" });
    for (let i = 0; i < 5; i++) await expect(guess()).rejects.toMatchObject({ code: "invalid_reset_token" });
    await expect(guess()).rejects.toMatchObject({ code: "rate_limited", message: expect.stringMatching(/^Too many attempts\./) });
  });

  it("sets the password once, clears lockout and forced change, and ends every session", async () => {
    const user = await userWithEmail();
    await db().db.update(users).set({ failedLoginAttempts: 5, lockedUntil: new Date(Date.now() + 600_000), mustChangePassword: true }).where(eq(users.id, user.id));
    await openSessions(user.id, 3);
    const token = await mailedToken(user.email);

    expect(await resetPassword(pub(), { token, password: "brand-new-pass-9", confirm: "brand-new-pass-9" })).toEqual({ userId: user.id, username: user.username });
    const [row] = await db().db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ failedLoginAttempts: 0, lockedUntil: null, mustChangePassword: false });
    expect(await db().db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await checkPassword(pub(), user.username, "brand-new-pass-9")).ok).toBe(true);
    expect((await checkPassword(pub(), user.username, "old-password-1")).ok).toBe(false);
    const [audit] = await db().db.select().from(auditLog).where(eq(auditLog.action, "password_reset_completed"));
    expect(audit).toMatchObject({ userId: user.id, critical: true, details: { sessionsEnded: 3 } });

    const again = await resetError(token, "another-pass-77");
    expect(again).toBeInstanceOf(ValidationError);
    expect(again instanceof ValidationError && again.message).toBe(INVALID_RESET_LINK);
  });

  it("refuses expired, used and unknown tokens with one and the same message", async () => {
    const user = await userWithEmail();
    const expired = "e".repeat(43);
    await db().db.insert(passwordResetTokens).values({ userId: user.id, tokenHash: hashResetToken(expired), expiresAt: sql`now() - interval '1 second'` });
    const used = "u".repeat(43);
    await db().db.insert(passwordResetTokens).values({ userId: user.id, tokenHash: hashResetToken(used), expiresAt: sql`now() + interval '1 hour'`, usedAt: new Date() });
    const errors = await Promise.all([resetError(expired), resetError(used), resetError("x".repeat(43)), resetError("")]);
    for (const err of errors) {
      expect(err).toBeInstanceOf(ValidationError);
      expect(err).toMatchObject({ code: "invalid_reset_token", message: INVALID_RESET_LINK });
    }
    expect((await checkPassword(pub(), user.username, "old-password-1")).ok).toBe(true);
    expect(await db().db.select().from(auditLog).where(eq(auditLog.action, "password_reset_refused"))).toHaveLength(4);
  });

  it("tells, when the link is opened and without using it up, whether it was used, expired or is unknown", async () => {
    const user = await userWithEmail();
    const token = await mailedToken(user.email);
    expect(await resetLinkState(db().db, token)).toBe("usable");
    expect(await resetLinkState(db().db, token)).toBe("usable");
    expect(await resetError(token)).toBeNull();
    expect(await resetLinkState(db().db, token)).toBe("used");
    expect(RESET_LINK_PROBLEMS.used).toMatch(/^This reset link was already used\./);

    // One account may ask three times a minute: the next links are other accounts'.
    const late = await mailedToken((await userWithEmail()).email);
    await db().db.update(passwordResetTokens).set({ expiresAt: sql`now() - interval '1 millisecond'` }).where(eq(passwordResetTokens.tokenHash, hashResetToken(late)));
    expect(await resetLinkState(db().db, late)).toBe("expired");
    expect(RESET_LINK_PROBLEMS.expired).toMatch(/^This reset link has expired/);

    const other = await userWithEmail();
    const replaced = await mailedToken(other.email);
    await mailedToken(other.email);
    for (const unknown of [replaced, "x".repeat(43), ""]) expect(await resetLinkState(db().db, unknown)).toBe("unknown");
    expect(RESET_LINK_PROBLEMS.unknown).toMatch(/^This reset link is not valid/);
  });

  it("treats a link as expired one hour after it was requested", async () => {
    const user = await userWithEmail();
    const token = await mailedToken(user.email);
    await db().db.update(passwordResetTokens).set({ expiresAt: sql`now() - interval '1 millisecond'` }).where(eq(passwordResetTokens.userId, user.id));
    expect(await resetError(token)).toMatchObject({ code: "invalid_reset_token" });
  });

  it("rejects a weak password without using up the link", async () => {
    const user = await userWithEmail();
    const token = await mailedToken(user.email);
    const weak = await resetError(token, "password");
    expect(weak).toBeInstanceOf(ValidationError);
    expect(weak).toMatchObject({ code: "invalid_input" });
    expect(await resetError(token, "strong-enough-42")).toBeNull();
  });

  it("replaces an earlier unused link with the newest one", async () => {
    const user = await userWithEmail();
    const first = await mailedToken(user.email);
    const second = await mailedToken(user.email);
    expect(await resetError(first)).toMatchObject({ code: "invalid_reset_token" });
    expect(await resetError(second)).toBeNull();
  });

  it("lets only one of two parallel resets with the same link succeed", async () => {
    const user = await userWithEmail();
    const token = await mailedToken(user.email);
    const results = await Promise.all([resetError(token, "parallel-pass-1"), resetError(token, "parallel-pass-2")]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
  });
});

describe("temporary password set by an admin", () => {
  beforeEach(async () => truncateAll(db()));

  it("returns a working temporary password, forces a change and ends the user's sessions", async () => {
    const admin = await makeUser(db().db, "admin");
    const user = await makeUser(db().db, "dispatcher");
    await db().db.update(users).set({ lockedUntil: new Date(Date.now() + 600_000), failedLoginAttempts: 5 }).where(eq(users.id, user.id));
    await openSessions(user.id);
    const result = await setTemporaryPassword(ctxOf(db().db, admin, meta), { userId: user.id });
    expect(result.username).toBe(user.username);
    expect(result.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    const [row] = await db().db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ mustChangePassword: true, lockedUntil: null, failedLoginAttempts: 0 });
    expect(await db().db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await checkPassword(pub(), user.username, result.temporaryPassword)).ok).toBe(true);
    const [audit] = await db().db.select().from(auditLog).where(eq(auditLog.action, "password_temporary_set"));
    expect(audit).toMatchObject({ userId: admin.id, actor: admin.username, entityId: user.id, critical: true });
    expect(JSON.stringify(audit)).not.toContain(result.temporaryPassword);
  });

  it("is refused to non-admins and for unknown users", async () => {
    const biller = await makeUser(db().db, "biller");
    const admin = await makeUser(db().db, "admin");
    const user = await makeUser(db().db, "dispatcher");
    await expect(setTemporaryPassword(ctxOf(db().db, biller, meta), { userId: user.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setTemporaryPassword(ctxOf(db().db, admin, meta), { userId: "no-such-id" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
