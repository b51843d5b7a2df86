import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { auditLog, sessions, users } from "@/db/schema";
import { AuditFilters } from "@/lib/schemas/auth";
import { endAllSessionsFor, endSession, listActiveSessions, sessionIdOf } from "@/lib/server/admin/admin-sessions";
import { createUserWithTemporaryPassword, sendResetLinkFor, unlockUser } from "@/lib/server/admin/admin-users";
import { listAuditLog } from "@/lib/server/admin/audit-log-queries";
import { changeOwnPassword } from "@/lib/server/auth/account";
import { checkPassword } from "@/lib/server/auth/login";
import { resolveSession, type SessionPolicy } from "@/lib/server/auth/session";
import { writeAudit } from "@/lib/server/audit";
import { contextFor, systemContext } from "@/lib/server/service";
import { ForbiddenError } from "@/lib/server/errors";
import { listOutbox } from "@/lib/server/mail";
import { createUser } from "@/lib/server/users/mutations";
import { ctxOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
const meta = { ip: "192.0.2.60", requestId: "req-admin" };
const pub = () => ({ db: db().db, meta });
const policy: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 60 * 60_000, touchEveryMs: 60_000 };
const MIN = 60_000;

async function adminActor() {
  const admin = await makeUser(db().db, "admin");
  return { id: admin.id, username: admin.username, role: "admin" as const, dispatchArea: null };
}

async function sessionOf(userId: string, minutesAgo = 0, ip = "192.0.2.1") {
  const token = crypto.randomUUID();
  const createdAt = new Date(Date.now() - minutesAgo * MIN);
  await db().db.insert(sessions).values({ sessionToken: token, userId, createdAt, expires: new Date(createdAt.getTime() + policy.idleMs), ip, userAgent: "Test/1.0" });
  return token;
}

// As the query string gives them (the cursor as text), parsed as the audit page parses them.
const filters = (f: Partial<z.input<typeof AuditFilters>>) => AuditFilters.parse(f);

describe("admin security operations", () => {
  beforeEach(async () => truncateAll(db()));

  it("unlocks a locked account, auditing before and after", async () => {
    const actor = await adminActor();
    const user = await makeUser(db().db, "dispatcher");
    for (let i = 0; i < 5; i++) await checkPassword(pub(), user.username, "wrong-password");
    expect((await checkPassword(pub(), user.username, "factory-pass-1")).ok).toBe(false);
    await unlockUser(ctxOf(db().db, actor, meta), { userId: user.id });
    expect((await checkPassword(pub(), user.username, "factory-pass-1")).ok).toBe(true);
    const [row] = await db().db.select().from(auditLog).where(eq(auditLog.action, "account_unlocked"));
    expect(row).toMatchObject({ userId: actor.id, entityId: user.id, ip: meta.ip, requestId: meta.requestId, after: { lockedUntil: null, failedLoginAttempts: 0 } });
    expect((row?.before as { failedLoginAttempts: number }).failedLoginAttempts).toBe(5);
    await expect(unlockUser(ctxOf(db().db, { ...actor, role: "biller" }, meta), { userId: user.id })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("creates a user whose random temporary password works once and must be changed; the password is never audited", async () => {
    const actor = await adminActor();
    const created = await createUserWithTemporaryPassword(ctxOf(db().db, actor, meta), { username: "new-biller", email: "nb@example.com", role: "biller", dispatchArea: "" });
    expect(created.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    const [row] = await db().db.select({ must: users.mustChangePassword }).from(users).where(eq(users.id, created.id));
    expect(row?.must).toBe(true);
    expect((await checkPassword(pub(), "new-biller", created.temporaryPassword)).ok).toBe(true);
    const audit = await db().db.select().from(auditLog).where(eq(auditLog.action, "user_created"));
    expect(JSON.stringify(audit)).not.toContain(created.temporaryPassword);
    expect(audit.at(-1)).toMatchObject({ userId: actor.id, entityId: created.id });
  });

  it("lists live sessions without tokens, ends one by its id and all of a user's", async () => {
    const actor = await adminActor();
    const user = await makeUser(db().db, "biller");
    const a = await sessionOf(user.id, 5, "10.0.0.5");
    await sessionOf(user.id, 2);
    await sessionOf(user.id, 70); // past the absolute lifetime: not listed
    const listed = (await listActiveSessions(db().db, policy, { username: user.username.toUpperCase(), currentToken: a })).rows;
    expect(listed).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(a);
    const first = listed.find((s) => s.id === sessionIdOf(a));
    expect(first).toMatchObject({ ip: "10.0.0.5", userAgent: "Test/1.0", device: "Unknown browser", current: true, username: user.username });
    const admin = ctxOf(db().db, actor, meta);
    await expect(endSession(admin, { userId: user.id, sessionId: sessionIdOf(a) })).resolves.toBeUndefined();
    await expect(endSession(admin, { userId: user.id, sessionId: sessionIdOf(a) })).rejects.toMatchObject({ code: "session_ended", message: "That session had already ended." });
    expect(await resolveSession(db().db, a, policy)).toBeNull();
    expect(await endAllSessionsFor(admin, { userId: user.id })).toBe(2);
    expect((await listActiveSessions(db().db, policy)).rows).toHaveLength(0);
    const actions = (await db().db.select({ a: auditLog.action }).from(auditLog)).map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(["session_ended_by_admin", "sessions_ended_by_admin"]));
  });

  it("changes the own password with the current one, keeping this session and ending the others", async () => {
    const user = await makeUser(db().db, "dispatcher");
    await db().db.update(users).set({ mustChangePassword: true }).where(eq(users.id, user.id));
    const mine = await sessionOf(user.id);
    const other = await sessionOf(user.id);
    const ctx = contextFor(db().db, { ...user, sessionToken: mine }, meta);
    const change = (current: string) => changeOwnPassword(ctx, { current, password: "brand-new-pass-1", confirm: "brand-new-pass-1" });
    await expect(change("not-it-at-all")).rejects.toMatchObject({ code: "wrong_password", fields: { current: ["That is not your current password."] } });
    // A forced change goes on to where the user was held from (the dashboard by default).
    expect(await change("factory-pass-1")).toEqual({ redirectTo: "/dashboard" });
    expect(await resolveSession(db().db, mine, policy)).toMatchObject({ id: user.id, mustChangePassword: false });
    expect(await resolveSession(db().db, other, policy)).toBeNull();
    expect((await checkPassword(pub(), user.username, "brand-new-pass-1")).ok).toBe(true);
  });

  it("lets a voluntary password change stay where it is, and refuses a reused or mistyped new one", async () => {
    const user = await makeUser(db().db, "biller");
    const ctx = contextFor(db().db, { ...user, sessionToken: await sessionOf(user.id) }, meta);
    const change = (password: string, confirm = password) => changeOwnPassword(ctx, { current: "factory-pass-1", password, confirm });
    await expect(change("factory-pass-1")).rejects.toMatchObject({ code: "invalid_input", fields: { password: [expect.stringContaining("different")] } });
    await expect(change("brand-new-pass-1", "brand-new-pass-2")).rejects.toMatchObject({ fields: { confirm: ["The two passwords do not match."] } });
    expect(await change("brand-new-pass-1")).toEqual({ redirectTo: null });
  });

  it("refuses to mail a reset link to a user without an address, or with no mail server to send it", async () => {
    const admin = ctxOf(db().db, await adminActor(), meta);
    const without = await makeUser(db().db, "dispatcher");
    await expect(sendResetLinkFor(admin, { userId: without.id })).rejects.toMatchObject({
      code: "no_email",
      message: `${without.username} has no email address; set a temporary password instead.`,
    });
    // No SMTP_URL here: the link could only land, masked, in the outbox (tests/db/mail-smtp.test.ts sends one).
    const withMail = await createUser(systemContext(db().db), { username: "mailed-user", email: "mu@example.com", password: "factory-pass-1", role: "biller" });
    await expect(sendResetLinkFor(admin, { userId: withMail.id })).rejects.toMatchObject({
      code: "no_mail_server",
      message: "No mail server is set up (SMTP_URL), so a link cannot reach mailed-user; set a temporary password instead.",
    });
    expect(await listOutbox(db().db, 5)).toEqual([]);
    expect(await db().db.select().from(auditLog).where(eq(auditLog.action, "password_reset_link_sent"))).toEqual([]);
  });

  it("refuses a malformed user or session id before anything is read or written", async () => {
    const admin = ctxOf(db().db, await adminActor(), meta);
    await expect(unlockUser(admin, { userId: "" })).rejects.toMatchObject({ code: "invalid_input", message: "That user could not be found. Reload the page." });
    await expect(endSession(admin, { userId: 7, sessionId: "x" })).rejects.toMatchObject({ code: "invalid_input", message: "That session could not be found. Reload the page." });
    await expect(endAllSessionsFor(admin, { userId: "x".repeat(65) })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await db().db.select().from(auditLog).where(eq(auditLog.critical, true))).toHaveLength(0);
  });

  it("reads a session's time left without counting it as activity, and slides it on 'stay signed in'", async () => {
    const user = await makeUser(db().db, "biller");
    const token = await sessionOf(user.id, 10);
    const [before] = await db().db.select({ expires: sessions.expires }).from(sessions).where(eq(sessions.sessionToken, token));
    await resolveSession(db().db, token, policy, new Date(), { touch: "never" });
    const [same] = await db().db.select({ expires: sessions.expires }).from(sessions).where(eq(sessions.sessionToken, token));
    expect(same?.expires.getTime()).toBe(before?.expires.getTime());
    const extended = await resolveSession(db().db, token, policy, new Date(), { touch: "always" });
    expect(extended?.sessionExpiresAt.getTime()).toBeGreaterThan((before?.expires.getTime() ?? 0) + 9 * MIN);
  });
});

describe("the audit log viewer's query", () => {
  beforeEach(async () => truncateAll(db()));

  it("filters by user, action, entity, IP and IST day, newest first, with keyset pages", async () => {
    const user = await makeUser(db().db, "biller");
    for (let i = 0; i < 7; i++) {
      await writeAudit(db().db, { action: i % 2 ? "bill_updated" : "login_success", userId: user.id, actor: user.username, entityType: "bill", entityId: `B-${i}`, ip: i < 3 ? "10.1.1.1" : "10.2.2.2" });
    }
    await writeAudit(db().db, { action: "login_failed_unknown_user", ip: "10.9.9.9", details: { username: "ghost" } });
    const byUser = await listAuditLog(db().db, filters({ user: user.username.toUpperCase() }));
    expect(byUser.rows).toHaveLength(7);
    expect(byUser.rows[0]?.entityId).toBe("B-6");
    expect((await listAuditLog(db().db, filters({ action: "bill_updated" }))).rows.map((r) => r.entityId)).toEqual(["B-5", "B-3", "B-1"]);
    expect((await listAuditLog(db().db, filters({ entityType: "bill", entityId: "B-2" }))).rows).toHaveLength(1);
    expect((await listAuditLog(db().db, filters({ ip: "10.1.1.1" }))).rows).toHaveLength(3);
    const today = new Date(Date.now() + 330 * MIN).toISOString().slice(0, 10);
    expect((await listAuditLog(db().db, filters({ from: today, to: today }))).rows.length).toBe(9);
    expect((await listAuditLog(db().db, filters({ to: "2000-01-01" }))).rows).toHaveLength(0);

    const first = await listAuditLog(db().db, filters({ user: user.username }), 3);
    expect(first.nextCursor).not.toBeNull();
    const second = await listAuditLog(db().db, filters({ user: user.username, after: first.nextCursor ?? undefined }), 3);
    const third = await listAuditLog(db().db, filters({ user: user.username, after: second.nextCursor ?? undefined }), 3);
    const ids = [...first.rows, ...second.rows, ...third.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(7);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(third.nextCursor).toBeNull();
  });

  it("pages through rows written within one millisecond without losing any (the cursor keeps microseconds)", async () => {
    // Five rows 100 µs apart: all in one millisecond, which a cursor of JS Dates cannot tell apart.
    for (let i = 0; i < 5; i++) {
      await db().db.insert(auditLog).values({ action: "bill_updated", entityType: "bill", entityId: `M-${i}`, createdAt: sql`'2026-11-30T10:00:00.1234Z'::timestamptz + make_interval(secs => ${i / 10_000})` });
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listAuditLog(db().db, filters({ action: "bill_updated", after }), 2);
      seen.push(...page.rows.map((r) => r.entityId ?? ""));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual(["M-4", "M-3", "M-2", "M-1", "M-0"]);
    // A millisecond cursor, or garbage, is not taken: the list starts from the newest rows.
    expect(filters({ after: "2026-11-30T10:00:00.123Z_5" }).after).toBeUndefined();
    expect(filters({ after: "not a cursor" }).after).toBeUndefined();
  });
});
