import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createDb, type DbHandle, type Tx } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { resolveSession, type SessionPolicy, type SessionRow } from "@/lib/server/auth/session";
import { AUTH_CHANNEL, createSessionCache } from "@/lib/server/auth/session-cache";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";

// The session cache against a real database: migration 0015's triggers NOTIFY, the handle's
// LISTEN (a connection of its own on PostgreSQL, in-process on PGlite) feeds the cache.
const db = setupTestDb();
const policy: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 60 * 60_000, touchEveryMs: 60_000 };

async function listeningCache(handle: DbHandle) {
  const cache = createSessionCache<SessionRow>({ ttlMs: 10_000 });
  await handle.listen(AUTH_CHANNEL, cache.heard, cache.connected);
  expect(cache.active).toBe(true);
  return cache;
}

async function sessionOf(userId: string, token = crypto.randomUUID()) {
  const now = Date.now();
  await db().db.insert(sessions).values({ sessionToken: token, userId, createdAt: new Date(now), expires: new Date(now + policy.idleMs) });
  return token;
}

/** Changes rows without firing triggers (as no verb can): shows whether an answer came from the cache. */
async function behindTheTriggers(write: (tx: Tx) => Promise<unknown>) {
  await db().db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await write(tx);
  });
}

/** Polls until `check` holds (a notification crosses a socket on PostgreSQL); returns the ms it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - started;
}

describe("session cache on the database", () => {
  beforeEach(async () => truncateAll(db()));

  it("answers a kept session without reading its row, until a change to its user is heard", async () => {
    const cache = await listeningCache(db());
    const user = await makeUser(db().db, "biller");
    const token = await sessionOf(user.id);
    const resolve = () => resolveSession(db().db, token, policy, new Date(), { cache });
    expect(await resolve()).toMatchObject({ id: user.id, role: "biller" });
    expect(cache.size).toBe(1);
    // The row goes without a notification: the cache still answers (nothing read it).
    await behindTheTriggers((tx) => tx.delete(sessions).where(eq(sessions.sessionToken, token)));
    expect(await resolve()).toMatchObject({ id: user.id });
    // Any change to the user is heard: the next request reads the row, finds none.
    await db().db.update(users).set({ name: "renamed" }).where(eq(users.id, user.id));
    await within(2000, async () => (await resolve()) === null);
  });

  it("refuses a session another connection ended, once its notification arrives", async () => {
    const cache = await listeningCache(db());
    const user = await makeUser(db().db, "dispatcher", "jaipur");
    const token = await sessionOf(user.id);
    const other = await sessionOf(user.id);
    expect(await resolveSession(db().db, token, policy, new Date(), { cache })).not.toBeNull();
    expect(await resolveSession(db().db, other, policy, new Date(), { cache })).not.toBeNull();
    // Another instance's connection (PGlite has one process: the same database).
    const elsewhere = usingPostgres ? createDb({ url: db().url, poolMax: 1 }) : db();
    try {
      await elsewhere.db.delete(sessions).where(eq(sessions.sessionToken, token));
      const took = await within(2000, async () => (await resolveSession(db().db, token, policy, new Date(), { cache })) === null);
      expect(took).toBeLessThan(2000);
      // The user's other session was forgotten too, and is read again: still valid.
      expect(await resolveSession(db().db, other, policy, new Date(), { cache })).toMatchObject({ id: user.id });
    } finally {
      if (elsewhere !== db()) await elsewhere.close();
    }
  });

  it("answers a role change, a deactivation and a new area on the next request after they are heard", async () => {
    const cache = await listeningCache(db());
    const user = await makeUser(db().db, "dispatcher", "jaipur");
    const bystander = await makeUser(db().db, "biller");
    const token = await sessionOf(user.id);
    const theirs = await sessionOf(bystander.id);
    const resolve = (t: string) => resolveSession(db().db, t, policy, new Date(), { cache });
    await resolve(token);
    await resolve(theirs);
    await db().db.update(users).set({ dispatchArea: "indore" }).where(eq(users.id, user.id));
    await within(2000, async () => (await resolve(token))?.dispatchArea === "indore");
    await db().db.update(users).set({ role: "biller", dispatchArea: null }).where(eq(users.id, user.id));
    await within(2000, async () => (await resolve(token))?.role === "biller");
    await db().db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, user.id));
    await within(2000, async () => (await resolve(token)) === null);
    // The bystander's session stayed kept all along: removed behind the triggers, still answered.
    await behindTheTriggers((tx) => tx.delete(sessions).where(eq(sessions.sessionToken, theirs)));
    expect(await resolve(theirs)).toMatchObject({ id: bystander.id });
  });

  it("forgets everything when sessions are truncated", async () => {
    const cache = await listeningCache(db());
    const user = await makeUser(db().db, "biller");
    const token = await sessionOf(user.id);
    await resolveSession(db().db, token, policy, new Date(), { cache });
    expect(cache.size).toBe(1);
    await db().db.execute(sql`truncate sessions`);
    await within(2000, async () => cache.size === 0);
    expect(await resolveSession(db().db, token, policy, new Date(), { cache })).toBeNull();
  });

  it("slides the idle expiry once, and the slide's own notification empties the entry", async () => {
    const cache = await listeningCache(db());
    const user = await makeUser(db().db, "biller");
    const now = Date.now();
    const token = crypto.randomUUID();
    // Last active five minutes ago: this request slides the expiry.
    await db().db.insert(sessions).values({ sessionToken: token, userId: user.id, createdAt: new Date(now - 10 * 60_000), expires: new Date(now - 5 * 60_000 + policy.idleMs) });
    const first = await resolveSession(db().db, token, policy, new Date(now), { cache });
    expect(first?.sessionExpiresAt.getTime()).toBe(now + policy.idleMs);
    // Answered from the entry (updated in place) or read again after the notification: either way slid once.
    const second = await resolveSession(db().db, token, policy, new Date(now + 1000), { cache });
    expect(second?.sessionExpiresAt.getTime()).toBe(now + policy.idleMs);
    const [stored] = await db().db.select({ expires: sessions.expires }).from(sessions).where(eq(sessions.sessionToken, token));
    expect(stored?.expires.getTime()).toBe(now + policy.idleMs);
  });

  it.runIf(usingPostgres)("caches nothing while its LISTEN connection is down, and listens again by itself", async () => {
    const cache = await listeningCache(db());
    const user = await makeUser(db().db, "biller");
    const token = await sessionOf(user.id);
    await resolveSession(db().db, token, policy, new Date(), { cache });
    expect(cache.size).toBe(1);
    // The listening backend is killed (a restart, a network cut): the loss is noticed at once.
    await db().db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
                               where application_name = 'tracetrack-listen' and datname = current_database()`);
    await within(2000, async () => !cache.active);
    expect(cache.size).toBe(0);
    // While down, every request reads its row, and nothing is kept.
    expect(await resolveSession(db().db, token, policy, new Date(), { cache })).not.toBeNull();
    expect(cache.size).toBe(0);
    // Within its retry it listens again, and notifications reach it again.
    await within(5000, async () => cache.active);
    await resolveSession(db().db, token, policy, new Date(), { cache });
    expect(cache.size).toBe(1);
    await db().db.delete(sessions).where(eq(sessions.sessionToken, token));
    await within(2000, async () => (await resolveSession(db().db, token, policy, new Date(), { cache })) === null);
  });

  it.runIf(usingPostgres)("never brings back an ended session: requests racing its end on another connection", async () => {
    const cache = await listeningCache(db());
    const elsewhere = createDb({ url: db().url, poolMax: 2 });
    try {
      for (let round = 0; round < 15; round += 1) {
        const user = await makeUser(db().db, "biller");
        const token = await sessionOf(user.id);
        const resolve = () => resolveSession(db().db, token, policy, new Date(), { cache });
        await resolve();
        // Ten stations' requests in flight, some reading the row as the end commits.
        let ended = false;
        const readers = Array.from({ length: 10 }, async () => {
          for (let i = 0; i < 6 && !ended; i += 1) {
            cache.forget(token); // make each one read the row (the race is a read overtaken by the end)
            await resolve();
          }
        });
        const end = (async () => {
          await new Promise((r) => setTimeout(r, round % 4));
          await elsewhere.db.delete(sessions).where(eq(sessions.sessionToken, token));
          ended = true;
        })();
        await Promise.all([...readers, end]);
        await within(2000, async () => (await resolve()) === null);
        // Once refused, refused for good: no stale read was kept behind the notification.
        for (let i = 0; i < 5; i += 1) expect(await resolve()).toBeNull();
        expect(cache.get(token)).toBeUndefined();
      }
    } finally {
      await elsewhere.close();
    }
  });
});
