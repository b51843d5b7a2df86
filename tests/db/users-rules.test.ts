import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { apiTokens, auditLog, backupCodes, loginEvents, passwordResetTokens, scans, sessions, users } from "@/db/schema";
import type { DispatchArea } from "@/lib/domain";
import { createUserWithTemporaryPassword } from "@/lib/server/admin/admin-users";
import { checkPassword } from "@/lib/server/auth/login";
import { recordLoginEvent } from "@/lib/server/auth/login-events";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import type { Actor } from "@/lib/server/service";
import { deleteUser, pseudonymOf } from "@/lib/server/users/anonymise";
import { updateUser } from "@/lib/server/users/edit";
import { listUsers } from "@/lib/server/users/queries";
import { assignRole, MAX_DISPATCHERS_PER_AREA } from "@/lib/server/users/roles";
import { ctxOf, TEST_META } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { FACTORY_PASSWORD, makeUser } from "../support/factories";
import { refusalOf } from "../support/scan";

// Issue 17, the user rules (DESIGN.md §2): at least one admin always, nobody changes their own
// role, a dispatcher needs an area, at most 10 dispatchers per area, a directory user's role
// follows the directory; edits keep usernames and e-mails unique; deletion anonymises.

const db = setupTestDb();
const ctx = (actor: Actor) => ctxOf(db().db, actor);

/** assignRole in its own transaction, as an admin's request runs it. */
const assign = (actor: Actor, userId: string, role: "admin" | "biller" | "dispatcher" | "gate", dispatchArea: DispatchArea | null = null) =>
  db().db.transaction((tx) => assignRole(tx, ctx(actor), userId, { role, dispatchArea }));

async function userRow(id: string) {
  const [row] = await db().db.select().from(users).where(eq(users.id, id));
  if (!row) throw new Error(`no user ${id}`);
  return row;
}

async function fillArea(area: DispatchArea, n: number) {
  for (let i = 0; i < n; i += 1) await makeUser(db().db, "dispatcher", area);
}

async function addSession(userId: string) {
  await db()
    .db.insert(sessions)
    .values({ sessionToken: `s-${crypto.randomUUID()}`, userId, expires: new Date(Date.now() + 3_600_000) });
}

const countSessions = async (userId: string) => (await db().db.select().from(sessions).where(eq(sessions.userId, userId))).length;

let admin: Actor;
beforeEach(async () => {
  await truncateAll(db());
  admin = await makeUser(db().db, "admin");
});

describe("assignRole", () => {
  it("changes a role, clears the area of a non-dispatcher, ends the user's sessions and audits before/after", async () => {
    const worker = await makeUser(db().db, "dispatcher", "akola");
    await addSession(worker.id);
    const result = await db().db.transaction((tx) =>
      assignRole(tx, ctx(admin), worker.id, { role: "biller", dispatchArea: "akola", reason: "moved to the office" }),
    );
    expect(result).toEqual({ before: { role: "dispatcher", dispatchArea: "akola" }, after: { role: "biller", dispatchArea: null } });
    expect(await userRow(worker.id)).toMatchObject({ role: "biller", dispatchArea: null });
    expect(await countSessions(worker.id)).toBe(0);
    const [row] = await db().db.select().from(auditLog).where(eq(auditLog.action, "user_role_changed"));
    expect(row).toMatchObject({
      userId: admin.id,
      entityId: worker.id,
      critical: true,
      before: { role: "dispatcher", dispatchArea: "akola" },
      after: { role: "biller", dispatchArea: null },
      details: { username: worker.username, reason: "moved to the office", sessionsEnded: 1 },
    });
  });

  it("moves a dispatcher to another area without ending their sessions", async () => {
    const worker = await makeUser(db().db, "dispatcher", "akola");
    await addSession(worker.id);
    await assign(admin, worker.id, "dispatcher", "ranchi");
    expect(await userRow(worker.id)).toMatchObject({ role: "dispatcher", dispatchArea: "ranchi" });
    expect(await countSessions(worker.id)).toBe(1);
  });

  it("refuses anyone changing their own role (own_role), and changes nothing", async () => {
    const other = await makeUser(db().db, "admin");
    expect(await refusalOf(assign(admin, admin.id, "biller"))).toMatchObject({ status: 409, code: "own_role" });
    expect((await userRow(admin.id)).role).toBe("admin");
    expect((await userRow(other.id)).role).toBe("admin");
  });

  it("keeps the last admin: after one of two admins is demoted, the other (with a stale page) cannot demote the first", async () => {
    const second = await makeUser(db().db, "admin");
    await assign(admin, second.id, "biller");
    expect(await refusalOf(assign(second, admin.id, "biller"))).toMatchObject({ status: 409, code: "last_admin" });
    expect((await userRow(admin.id)).role).toBe("admin");
  });

  it("does not count a deactivated or deleted admin as the admin who remains", async () => {
    const target = await makeUser(db().db, "admin");
    // The acting admin's own account was deactivated since their page loaded.
    await db().db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, admin.id));
    expect(await refusalOf(assign(admin, target.id, "dispatcher", "akola"))).toMatchObject({ code: "last_admin" });
  });

  it("requires an area for a dispatcher (area_required)", async () => {
    const clerk = await makeUser(db().db, "biller");
    expect(await refusalOf(assign(admin, clerk.id, "dispatcher", null))).toMatchObject({ status: 400, code: "area_required" });
    expect((await userRow(clerk.id)).role).toBe("biller");
  });

  it(`allows ${MAX_DISPATCHERS_PER_AREA} dispatchers in an area and refuses the next (area_full), counting only active accounts`, async () => {
    await fillArea("hisar", MAX_DISPATCHERS_PER_AREA - 1);
    const tenth = await makeUser(db().db, "biller");
    const eleventh = await makeUser(db().db, "gate");
    await assign(admin, tenth.id, "dispatcher", "hisar");
    expect(await refusalOf(assign(admin, eleventh.id, "dispatcher", "hisar"))).toMatchObject({ status: 409, code: "area_full" });
    expect((await userRow(eleventh.id)).role).toBe("gate");
    // Another area still has room, and a dispatcher already in Hisar can stay there.
    await assign(admin, eleventh.id, "dispatcher", "raipur");
    // A deactivated dispatcher frees their place.
    await db().db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, tenth.id));
    await assign(admin, eleventh.id, "dispatcher", "hisar");
    expect(await userRow(eleventh.id)).toMatchObject({ role: "dispatcher", dispatchArea: "hisar" });
  });

  it("applies the area cap to a new user made by an admin, too", async () => {
    await fillArea("bathinda", MAX_DISPATCHERS_PER_AREA);
    const refused = await refusalOf(createUserWithTemporaryPassword(ctx(admin), { username: "one-too-many", role: "dispatcher", dispatchArea: "bathinda" }));
    expect(refused).toMatchObject({ status: 409, code: "area_full" });
    expect(await db().db.select().from(users).where(eq(users.username, "one-too-many"))).toHaveLength(0);
    await createUserWithTemporaryPassword(ctx(admin), { username: "room-elsewhere", role: "dispatcher", dispatchArea: "sangaria" });
  });

  it("leaves a directory user's role to the directory (directory_managed)", async () => {
    const ldapUser = await makeUser(db().db, "biller");
    await db().db.update(users).set({ authSource: "ldap" }).where(eq(users.id, ldapUser.id));
    expect(await refusalOf(assign(admin, ldapUser.id, "admin"))).toMatchObject({ status: 409, code: "directory_managed" });
    // The directory's own sign-in may set it.
    await db().db.transaction((tx) => assignRole(tx, ctx(admin), ldapUser.id, { role: "admin", dispatchArea: null }, { fromDirectory: true }));
    expect((await userRow(ldapUser.id)).role).toBe("admin");
  });

  it("revokes the API tokens an admin issued when they stop being an admin", async () => {
    const second = await makeUser(db().db, "admin");
    await db().db.insert(apiTokens).values({ name: "scanner", prefix: "tt_abcdefgh", tokenHash: "h1", scope: "biller", issuedBy: second.id });
    await assign(admin, second.id, "biller");
    const [token] = await db().db.select().from(apiTokens);
    expect(token?.revokedAt).toBeInstanceOf(Date);
    expect(token?.revokedBy).toBe(admin.id);
  });

  it("answers unknown_user for a deleted user and customer_account for a customer", async () => {
    const customer = await makeUser(db().db, "customer");
    expect(await refusalOf(assign(admin, customer.id, "biller"))).toMatchObject({ code: "customer_account" });
    const gone = await makeUser(db().db, "biller");
    await deleteUser(ctx(admin), { userId: gone.id });
    expect(await refusalOf(assign(admin, gone.id, "gate"))).toMatchObject({ status: 404, code: "unknown_user" });
  });
});

describe("updateUser", () => {
  it("renames and re-addresses a user, audited user_updated with what changed", async () => {
    const clerk = await makeUser(db().db, "biller");
    const updated = await updateUser(ctx(admin), { userId: clerk.id, username: "priya.s", email: "Priya@Example.com" });
    expect(updated).toMatchObject({ id: clerk.id, username: "priya.s", email: "Priya@Example.com", role: "biller" });
    const [row] = await db().db.select().from(auditLog).where(eq(auditLog.action, "user_updated"));
    expect(row).toMatchObject({
      entityId: clerk.id,
      before: { username: clerk.username, email: null },
      after: { username: "priya.s", email: "Priya@Example.com" },
    });
    // An empty e-mail clears it.
    expect(await updateUser(ctx(admin), { userId: clerk.id, email: "" })).toMatchObject({ email: null });
  });

  it("refuses a username or an e-mail another user has, in any case (duplicate_username / duplicate_email)", async () => {
    const one = await makeUser(db().db, "biller");
    const two = await makeUser(db().db, "biller");
    await updateUser(ctx(admin), { userId: one.id, email: "shared@example.com" });
    expect(await refusalOf(updateUser(ctx(admin), { userId: two.id, username: one.username.toUpperCase() }))).toMatchObject({
      status: 409,
      code: "duplicate_username",
    });
    expect(await refusalOf(updateUser(ctx(admin), { userId: two.id, email: "SHARED@example.com" }))).toMatchObject({ status: 409, code: "duplicate_email" });
    // A user may change the case of their own name.
    await updateUser(ctx(admin), { userId: one.id, username: one.username.toUpperCase() });
  });

  it("changes role and area through the same rules, all or nothing", async () => {
    const worker = await makeUser(db().db, "dispatcher", "jaipur");
    await updateUser(ctx(admin), { userId: worker.id, dispatchArea: "indore" });
    expect(await userRow(worker.id)).toMatchObject({ role: "dispatcher", dispatchArea: "indore" });
    // A refused role change leaves the rename in the same request unwritten.
    const refused = await refusalOf(updateUser(ctx(admin), { userId: worker.id, username: "renamed-worker", role: "dispatcher", dispatchArea: "" }));
    expect(refused).toMatchObject({ code: "area_required", status: 400 });
    expect(await userRow(worker.id)).toMatchObject({ username: worker.username, dispatchArea: "indore" });
    // An admin may edit their own e-mail, but not their own role.
    await updateUser(ctx(admin), { userId: admin.id, email: "me@example.com", role: "admin" });
    expect(await refusalOf(updateUser(ctx(admin), { userId: admin.id, role: "biller" }))).toMatchObject({ code: "own_role" });
  });

  it("refuses a customer role, a reserved pseudonym, and a directory user's rename", async () => {
    const clerk = await makeUser(db().db, "biller");
    expect(await refusalOf(updateUser(ctx(admin), { userId: clerk.id, role: "customer" }))).toMatchObject({ code: "invalid_input" });
    expect(await refusalOf(updateUser(ctx(admin), { userId: clerk.id, username: "deleted-12345678" }))).toMatchObject({ code: "invalid_input" });
    await db().db.update(users).set({ authSource: "ldap" }).where(eq(users.id, clerk.id));
    expect(await refusalOf(updateUser(ctx(admin), { userId: clerk.id, username: "new-name" }))).toMatchObject({ code: "directory_managed" });
  });

  it("is refused to anyone but an admin", async () => {
    const clerk = await makeUser(db().db, "biller");
    expect(await refusalOf(updateUser(ctx(clerk), { userId: clerk.id, email: "x@example.com" }))).toMatchObject({ status: 403 });
  });
});

/** Every row of the three tables as text: what an anonymised name must not appear in. */
async function everyRowText(): Promise<string> {
  const rows = await db().rows<{ t: string }>(sql`
    select string_agg(t, ' ') as t from (
      select u::text as t from users u union all select a::text from audit_log a union all select l::text from login_events l) x`);
  return rows[0]?.t ?? "";
}

describe("deleteUser (anonymisation)", () => {
  it("keeps scan counts and audit actions, and leaves no row holding the old username or e-mail", async () => {
    const worker = await makeUser(db().db, "dispatcher", "lucknow");
    const originalName = worker.username;
    // Renamed once: both names are theirs to lose.
    await updateUser(ctx(admin), { userId: worker.id, username: "Kavita.Rao", email: "kavita.rao@example.com" });
    const me = { ...worker, username: "Kavita.Rao" };
    await scanParent(ctx(me), { qr: "SB10001" });
    for (const qr of ["7000001", "7000002", "7000003"]) await scanChild(ctx(me), { parentQr: "SB10001", qr });
    await recordLoginEvent(db().db, TEST_META, { userId: worker.id, identifier: "kavita.rao@example.com", success: true, reason: "password" });
    await recordLoginEvent(db().db, TEST_META, { userId: null, identifier: "KAVITA.RAO", success: false, reason: "unknown_user" });
    await db().db.insert(auditLog).values({ action: "login_failed_unknown_user", details: { username: "kavita.rao" } });
    await addSession(worker.id);
    await db().db.insert(backupCodes).values({ userId: worker.id, codeHash: "salt:hash" });
    await db().db.insert(passwordResetTokens).values({ userId: worker.id, tokenHash: "reset-hash", expiresAt: new Date(Date.now() + 3_600_000) });

    const scansBefore = await db().db.select({ n: sql<number>`count(*)::int` }).from(scans).where(eq(scans.userId, worker.id));
    const actionsBefore = await db().db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.userId, worker.id)).orderBy(auditLog.id);
    expect(scansBefore[0]?.n).toBe(4);
    expect(actionsBefore.length).toBeGreaterThan(0);
    expect(await everyRowText()).toMatch(/kavita\.rao/i);

    const result = await deleteUser(ctx(admin), { userId: worker.id, confirm: "kavita.rao" });
    const pseudonym = pseudonymOf(worker.id);
    expect(result).toEqual({ id: worker.id, pseudonym });
    expect(pseudonym).toMatch(/^deleted-[0-9a-f]{8}$/);

    const scansAfter = await db().db.select({ n: sql<number>`count(*)::int` }).from(scans).where(eq(scans.userId, worker.id));
    expect(scansAfter).toEqual(scansBefore);
    const actionsAfter = await db().db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.userId, worker.id)).orderBy(auditLog.id);
    expect(actionsAfter).toEqual(actionsBefore);
    const text = await everyRowText();
    expect(text).not.toMatch(/kavita/i);
    expect(text).not.toContain(originalName);

    const row = await userRow(worker.id);
    expect(row).toMatchObject({ username: pseudonym, email: null, name: null, totpSecret: null, totpEnabled: false });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.deactivatedAt).toBeInstanceOf(Date);
    for (const table of [sessions, backupCodes, passwordResetTokens]) {
      expect(await db().db.select().from(table).where(eq(table.userId, worker.id))).toHaveLength(0);
    }
    // Their own audit rows speak of the pseudonym.
    const own = await db().db.select({ actor: auditLog.actor }).from(auditLog).where(eq(auditLog.userId, worker.id));
    expect(new Set(own.map((r) => r.actor))).toEqual(new Set([pseudonym]));
    const logins = await db().db.select({ identifier: loginEvents.identifier }).from(loginEvents);
    expect(logins.map((l) => l.identifier)).toEqual([pseudonym, pseudonym]);
    const [deleted] = await db().db.select().from(auditLog).where(eq(auditLog.action, "user_deleted"));
    expect(deleted).toMatchObject({ entityId: worker.id, critical: true, details: { username: pseudonym } });

    // Gone from the list; cannot sign in by the old name, the old address or the pseudonym.
    expect((await listUsers(db().db)).map((u) => u.id)).not.toContain(worker.id);
    for (const name of ["kavita.rao", "kavita.rao@example.com", pseudonym]) {
      expect(await checkPassword({ db: db().db, meta: TEST_META }, name, FACTORY_PASSWORD)).toMatchObject({ ok: false });
    }
    // The old username (and address) are free for someone new.
    await createUserWithTemporaryPassword(ctx(admin), { username: "Kavita.Rao", email: "kavita.rao@example.com", role: "biller" });
    await createUserWithTemporaryPassword(ctx(admin), { username: originalName, role: "biller" });
  });

  it("revokes the API tokens a deleted admin issued", async () => {
    const second = await makeUser(db().db, "admin");
    await db().db.insert(apiTokens).values({ name: "gate scanner", prefix: "tt_12345678", tokenHash: "h2", scope: "gate", issuedBy: second.id });
    await deleteUser(ctx(admin), { userId: second.id });
    const [token] = await db().db.select().from(apiTokens);
    expect(token?.revokedAt).toBeInstanceOf(Date);
  });

  it("refuses deleting oneself (own_account) and the last admin (last_admin)", async () => {
    expect(await refusalOf(deleteUser(ctx(admin), { userId: admin.id }))).toMatchObject({ status: 409, code: "own_account" });
    const second = await makeUser(db().db, "admin");
    await db().db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, admin.id));
    expect(await refusalOf(deleteUser(ctx(admin), { userId: second.id }))).toMatchObject({ status: 409, code: "last_admin" });
    expect((await userRow(second.id)).deletedAt).toBeNull();
  });

  it("asks for the username typed exactly when a confirmation is given, and deletes once", async () => {
    const clerk = await makeUser(db().db, "biller");
    expect(await refusalOf(deleteUser(ctx(admin), { userId: clerk.id, confirm: "someone-else" }))).toMatchObject({
      status: 400,
      code: "confirmation_mismatch",
    });
    expect((await userRow(clerk.id)).deletedAt).toBeNull();
    await deleteUser(ctx(admin), { userId: clerk.id, confirm: clerk.username.toUpperCase() });
    expect(await refusalOf(deleteUser(ctx(admin), { userId: clerk.id }))).toMatchObject({ status: 404, code: "unknown_user" });
    const audits = await db().db.select().from(auditLog).where(and(eq(auditLog.action, "user_deleted"), eq(auditLog.entityId, clerk.id)));
    expect(audits).toHaveLength(1);
  });
});

describe("listUsers filters", () => {
  it("filters by role, area, search and status, and never lists deleted users", async () => {
    const a = await makeUser(db().db, "dispatcher", "akola");
    const b = await makeUser(db().db, "dispatcher", "indore");
    const c = await makeUser(db().db, "biller");
    await updateUser(ctx(admin), { userId: c.id, email: "office.clerk@example.com" });
    await db().db.update(users).set({ lockedUntil: new Date(Date.now() + 600_000) }).where(eq(users.id, b.id));
    const ids = async (filters: Parameters<typeof listUsers>[1]) => (await listUsers(db().db, filters)).map((u) => u.id).sort();
    expect(await ids({ role: "dispatcher" })).toEqual([a.id, b.id].sort());
    expect(await ids({ area: "akola" })).toEqual([a.id]);
    expect(await ids({ q: "OFFICE.CL" })).toEqual([c.id]);
    expect(await ids({ q: "%" })).toEqual([]);
    expect(await ids({ status: "locked" })).toEqual([b.id]);
    expect(await ids({ status: "active", role: "dispatcher" })).toEqual([a.id]);
    await deleteUser(ctx(admin), { userId: a.id });
    expect(await ids({ role: "dispatcher" })).toEqual([b.id]);
  });
});
