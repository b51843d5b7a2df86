import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { sessions } from "@/db/schema";
import { purgeExpiredSessions, resolveSession, type SessionPolicy } from "@/lib/server/auth/session";
import { truncateAll, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
const policy: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 60 * 60_000, touchEveryMs: 60_000 };
const MIN = 60_000;

async function sessionFor(userId: string, createdAt: Date, expires: Date, token = crypto.randomUUID()) {
  await db().db.insert(sessions).values({ sessionToken: token, userId, createdAt, expires });
  return token;
}

describe("database sessions", () => {
  beforeEach(async () => truncateAll(db()));

  it("resolves a live session to its user without secrets", async () => {
    const user = await makeUser(db().db, "dispatcher", "jaipur");
    const now = new Date();
    const token = await sessionFor(user.id, now, new Date(now.getTime() + policy.idleMs));
    const resolved = await resolveSession(db().db, token, policy, now);
    expect(resolved).toMatchObject({ id: user.id, username: user.username, role: "dispatcher", dispatchArea: "jaipur" });
    expect(Object.keys(resolved ?? {})).not.toContain("passwordHash");
  });

  it("logs the user out on the next request once the row is revoked", async () => {
    const user = await makeUser(db().db, "biller");
    const now = new Date();
    const token = await sessionFor(user.id, now, new Date(now.getTime() + policy.idleMs));
    expect(await resolveSession(db().db, token, policy, now)).not.toBeNull();
    await db().db.delete(sessions).where(eq(sessions.sessionToken, token));
    expect(await resolveSession(db().db, token, policy, now)).toBeNull();
  });

  it("refuses a session idle past the timeout and deletes its row", async () => {
    const user = await makeUser(db().db, "biller");
    const created = new Date(Date.now() - 40 * MIN);
    const token = await sessionFor(user.id, created, new Date(created.getTime() + policy.idleMs));
    expect(await resolveSession(db().db, token, policy)).toBeNull();
    expect(await db().db.select().from(sessions).where(eq(sessions.sessionToken, token))).toHaveLength(0);
  });

  it("refuses a session older than the absolute lifetime even while active", async () => {
    const user = await makeUser(db().db, "admin", undefined);
    const now = new Date();
    // Active a minute ago (expiry still in the future) but created 61 minutes ago.
    const token = await sessionFor(user.id, new Date(now.getTime() - 61 * MIN), new Date(now.getTime() + 29 * MIN));
    expect(await resolveSession(db().db, token, policy, now)).toBeNull();
  });

  it("slides the idle expiry on activity, at most once a minute, never past the absolute end", async () => {
    const user = await makeUser(db().db, "biller");
    const created = new Date(Date.now() - 50 * MIN);
    const lastActivity = new Date(Date.now() - 5 * MIN);
    const token = await sessionFor(user.id, created, new Date(lastActivity.getTime() + policy.idleMs));
    const now = new Date();
    const resolved = await resolveSession(db().db, token, policy, now);
    // Absolute end is created + 60 min = now + 10 min, earlier than now + 30 min idle.
    expect(resolved?.sessionExpiresAt.getTime()).toBe(created.getTime() + policy.absoluteMs);
    const [row] = await db().db.select({ expires: sessions.expires }).from(sessions).where(eq(sessions.sessionToken, token));
    expect(row?.expires.getTime()).toBe(created.getTime() + policy.absoluteMs);

    const fresh = await sessionFor(user.id, now, new Date(now.getTime() + policy.idleMs));
    const again = await resolveSession(db().db, fresh, policy, new Date(now.getTime() + 10_000));
    expect(again?.sessionExpiresAt.getTime()).toBe(now.getTime() + policy.idleMs);
  });

  it("refuses unknown, empty and oversized tokens", async () => {
    expect(await resolveSession(db().db, "", policy)).toBeNull();
    expect(await resolveSession(db().db, "nope", policy)).toBeNull();
    expect(await resolveSession(db().db, "x".repeat(10_000), policy)).toBeNull();
  });

  it("purges expired rows and keeps live ones", async () => {
    const user = await makeUser(db().db, "biller");
    const now = new Date();
    const live = await sessionFor(user.id, now, new Date(now.getTime() + MIN));
    await sessionFor(user.id, now, new Date(now.getTime() - MIN));
    await sessionFor(user.id, new Date(now.getTime() - 2 * 60 * MIN), new Date(now.getTime() + MIN));
    await purgeExpiredSessions(db().db, policy, now);
    const rows = await db().db.select({ token: sessions.sessionToken }).from(sessions);
    expect(rows.map((r) => r.token)).toEqual([live]);
  });
});

describe("session rows created through the Auth.js adapter", () => {
  it("store the client's IP and user agent and resolve to the user", async () => {
    const { createSessionRow } = await import("@/lib/server/auth/session");
    const user = await makeUser(db().db, "biller");
    const token = await createSessionRow(user.id, { ip: "10.1.2.3", userAgent: "Scanner/1.0" }, policy);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await db().db.select().from(sessions).where(eq(sessions.sessionToken, token));
    expect(row).toMatchObject({ userId: user.id, ip: "10.1.2.3", userAgent: "Scanner/1.0" });
    expect(await resolveSession(db().db, token, policy)).toMatchObject({ id: user.id });
  });
});
