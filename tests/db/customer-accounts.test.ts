import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, outbox, sessions, users } from "@/db/schema";
import { sessionIdOf } from "@/lib/server/admin/admin-sessions";
import { attemptLogin } from "@/lib/server/auth/login-flow";
import { resolveSession, type SessionPolicy } from "@/lib/server/auth/session";
import { customerAccountDetail, listCustomerAccounts } from "@/lib/server/customers/account-queries";
import {
  createCustomerAccount,
  deactivateCustomerAccount,
  endCustomerSession,
  reactivateCustomerAccount,
  resetCustomerAccountPassword,
  updateCustomerAccount,
} from "@/lib/server/customers/admin-accounts";
import { WELCOME_SUBJECT, RESET_SUBJECT } from "@/lib/server/customers/account-mail";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import { ctxOf, settle } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

delete process.env.SMTP_URL;

// The admin's verbs on customer accounts (DESIGN.md §8) on a real database: the welcome mail,
// deactivation that ends sessions at once, reactivation, a password reset, ending one session,
// and who may do any of it.

const db = setupTestDb();
const POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000, touchEveryMs: 60_000 };
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
let seq = 0;
const limiter = () => createRateLimiter({ redis: null, prefix: `ca-${process.pid}-${++seq}`, rules: {} });
const pub = () => ({ db: db().db, meta: { ip: "192.0.2.9", requestId: `req-${++seq}`, userAgent: CHROME } });
const signIn = (username: string, password: string) => attemptLogin(pub(), { username, password }, limiter());

type Admin = Awaited<ReturnType<typeof makeUser>>;
let admin: Admin;
const asAdmin = () => ctxOf(db().db, admin);

async function newAccount(email = `dealer${++seq}@example.com`, customers = ["Agro Traders"]) {
  const created = await createCustomerAccount(asAdmin(), { email, name: "Dealer One", customers });
  return created;
}

async function addSession(userId: string, token = `tok-${++seq}-${Math.random().toString(36).slice(2)}`) {
  await db()
    .db.insert(sessions)
    .values({ sessionToken: token, userId, expires: new Date(Date.now() + POLICY.idleMs), ip: "203.0.113.5", userAgent: CHROME });
  return token;
}

async function userRow(id: string) {
  const [row] = await db().db.select().from(users).where(eq(users.id, id));
  return row;
}

async function auditOf(action: string, entityId: string) {
  return db()
    .db.select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
}

describe("customer accounts (admin verbs)", () => {
  beforeEach(async () => {
    await truncateAll(db());
    await db().db.delete(outbox);
    admin = await makeUser(db().db, "admin");
  });

  it("creates an account that must change its password, and mails it a welcome with the password masked in the outbox", async () => {
    const created = await newAccount("Dealer.A@Example.com", ["Agro Traders", "Shree Ram"]);
    expect(created.email).toBe("dealer.a@example.com");
    expect(created.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    const row = await userRow(created.id);
    expect(row).toMatchObject({ role: "customer", mustChangePassword: true, deactivatedAt: null, allCustomers: false });

    const mails = await db().db.select().from(outbox).where(eq(outbox.to, "dealer.a@example.com"));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(WELCOME_SUBJECT);
    expect(mails[0]?.body).toContain("/login");
    expect(mails[0]?.body).toContain("dealer.a@example.com");
    expect(mails[0]?.body).toContain("choose your own password at first sign-in");
    // Masked: no admin reads a live credential in the outbox (the screen shows it once instead).
    expect(mails[0]?.body).not.toContain(created.temporaryPassword);
    expect(mails[0]?.body).toContain(created.temporaryPassword.slice(-4));

    // The temporary password signs in, with the password change owed first.
    expect(await signIn("DEALER.A@example.com", created.temporaryPassword)).toMatchObject({ kind: "signed_in", duty: "password_change" });
    expect(await auditOf("customer_account_created", created.id)).toHaveLength(1);
    const detail = await customerAccountDetail(db().db, created.id);
    expect(detail?.linked.map((c) => c.name)).toEqual(["Agro Traders", "Shree Ram"]);
  });

  it("refuses a second account with the same e-mail in another case (409 duplicate_account)", async () => {
    await newAccount("same@example.com");
    expect(await settle(newAccount("SAME@example.com"))).toEqual({ code: "duplicate_account" });
  });

  it("deactivation ends every session at once, an existing token stops resolving, and sign-in is refused", async () => {
    const created = await newAccount();
    const tokens = [await addSession(created.id), await addSession(created.id)];
    expect(await resolveSession(db().db, tokens[0] ?? "", POLICY)).not.toBeNull();

    const done = await deactivateCustomerAccount(asAdmin(), { accountId: created.id });
    expect(done.message).toMatch(/2 sessions ended/);
    expect(await db().db.select().from(sessions).where(eq(sessions.userId, created.id))).toHaveLength(0);
    expect((await userRow(created.id))?.deactivatedAt).toBeInstanceOf(Date);

    // A session row that outlived the delete (one made in the same instant) still does not resolve.
    const late = await addSession(created.id);
    expect(await resolveSession(db().db, late, POLICY)).toBeNull();
    expect(await signIn(created.email, created.temporaryPassword)).toEqual({ kind: "invalid" });

    const [row] = await auditOf("customer_account_deactivated", created.id);
    expect(row?.details).toMatchObject({ sessionsEnded: 2 });
    expect(await settle(deactivateCustomerAccount(asAdmin(), { accountId: created.id }))).toEqual({ code: "already_inactive" });
    expect((await listCustomerAccounts(db().db, { status: "inactive" })).map((a) => a.id)).toEqual([created.id]);
    expect(await listCustomerAccounts(db().db, { status: "active" })).toHaveLength(0);
  });

  it("reactivation lets the account sign in again", async () => {
    const created = await newAccount();
    await deactivateCustomerAccount(asAdmin(), { accountId: created.id });
    await reactivateCustomerAccount(asAdmin(), { accountId: created.id });
    expect((await userRow(created.id))?.deactivatedAt).toBeNull();
    expect(await signIn(created.email, created.temporaryPassword)).toMatchObject({ kind: "signed_in" });
    expect(await auditOf("customer_account_reactivated", created.id)).toHaveLength(1);
    expect(await settle(reactivateCustomerAccount(asAdmin(), { accountId: created.id }))).toEqual({ code: "already_active" });
  });

  it("a reset gives a new temporary password (mailed, masked in the outbox): the old one fails, sessions end", async () => {
    const created = await newAccount();
    // The customer chose a password; the reset puts a temporary one back.
    await db().db.update(users).set({ mustChangePassword: false }).where(eq(users.id, created.id));
    await addSession(created.id);
    const reset = await resetCustomerAccountPassword(asAdmin(), { accountId: created.id });
    expect(reset.temporaryPassword).not.toBe(created.temporaryPassword);
    expect(await signIn(created.email, created.temporaryPassword)).toEqual({ kind: "invalid" });
    expect(await signIn(created.email, reset.temporaryPassword)).toMatchObject({ kind: "signed_in", duty: "password_change" });
    expect((await userRow(created.id))?.mustChangePassword).toBe(true);
    expect(await db().db.select().from(sessions).where(eq(sessions.userId, created.id))).toHaveLength(0);
    const [mail] = await db().db.select().from(outbox).where(eq(outbox.subject, RESET_SUBJECT));
    expect(mail?.to).toBe(created.email);
    expect(mail?.body).not.toContain(reset.temporaryPassword);
    const [row] = await auditOf("customer_account_password_reset", created.id);
    expect(JSON.stringify(row)).not.toContain(reset.temporaryPassword);
  });

  it("ends one session by its id and leaves the others; an ended one answers 404", async () => {
    const created = await newAccount();
    const [one, two] = [await addSession(created.id), await addSession(created.id)];
    const detail = await customerAccountDetail(db().db, created.id, { policy: POLICY });
    expect(detail?.sessions.map((s) => s.id).sort()).toEqual([sessionIdOf(one), sessionIdOf(two)].sort());
    expect(detail?.sessions[0]).toMatchObject({ ip: "203.0.113.5", browser: "Chrome 131 on Windows" });
    expect(JSON.stringify(detail)).not.toContain(one);

    await endCustomerSession(asAdmin(), { accountId: created.id, sessionId: sessionIdOf(one) });
    expect((await db().db.select().from(sessions).where(eq(sessions.userId, created.id))).map((s) => s.sessionToken)).toEqual([two]);
    expect(await resolveSession(db().db, one, POLICY)).toBeNull();
    expect(await settle(endCustomerSession(asAdmin(), { accountId: created.id, sessionId: sessionIdOf(one) }))).toEqual({ code: "session_ended" });
    expect(await auditOf("session_ended_by_admin", created.id)).toHaveLength(1);
  });

  it("updates the name and customers (or all), audited with before and after", async () => {
    const created = await newAccount(undefined, ["Agro Traders"]);
    await updateCustomerAccount(asAdmin(), { accountId: created.id, name: "Renamed", customers: ["Shree Ram", "agro traders"], allCustomers: false });
    let detail = await customerAccountDetail(db().db, created.id);
    expect(detail).toMatchObject({ name: "Renamed", allCustomers: false, customers: ["Agro Traders", "Shree Ram"] });
    await updateCustomerAccount(asAdmin(), { accountId: created.id, name: "", customers: [], allCustomers: true });
    detail = await customerAccountDetail(db().db, created.id);
    expect(detail).toMatchObject({ name: null, allCustomers: true, customers: [] });
    const rows = await auditOf("customer_account_updated", created.id);
    expect(rows[0]).toMatchObject({ before: { customers: ["Agro Traders"], name: "Dealer One" }, after: { customers: ["Agro Traders", "Shree Ram"], name: "Renamed" } });
    expect(await settle(updateCustomerAccount(asAdmin(), { accountId: created.id, customers: [], allCustomers: false }))).toEqual({ code: "invalid_input" });
  });

  it("lists accounts with search, status, last login and live sessions", async () => {
    const a = await newAccount("alpha@example.com", ["Agro Traders"]);
    const b = await createCustomerAccount(asAdmin(), { email: "beta@example.com", customers: [], allCustomers: true });
    await addSession(a.id);
    await signIn(a.email, a.temporaryPassword);
    const all = await listCustomerAccounts(db().db, {}, { policy: POLICY });
    expect(all.map((r) => r.email)).toEqual(["alpha@example.com", "beta@example.com"]);
    expect(all[0]).toMatchObject({ customers: ["Agro Traders"], status: "active", activeSessions: 1 });
    expect(all[0]?.lastLoginAt).toBeInstanceOf(Date);
    expect(all[1]).toMatchObject({ id: b.id, allCustomers: true, customers: [], lastLoginAt: null, activeSessions: 0 });
    expect((await listCustomerAccounts(db().db, { q: "agro" })).map((r) => r.id)).toEqual([a.id]);
    expect((await listCustomerAccounts(db().db, { q: "BETA" })).map((r) => r.id)).toEqual([b.id]);
    expect(await listCustomerAccounts(db().db, { q: "%" })).toHaveLength(0);
    // Staff users are never listed.
    expect(all.some((r) => r.id === admin.id)).toBe(false);
    expect(await settle(listCustomerAccounts(db().db, { status: "deleted" }))).toEqual({ code: "invalid_input" });
  });

  it("refuses anyone without customers:manage, before changing anything", async () => {
    const created = await newAccount();
    for (const role of ["biller", "dispatcher", "gate", "customer"] as const) {
      const other = ctxOf(db().db, await makeUser(db().db, role, role === "dispatcher" ? "akola" : undefined));
      const ref = { accountId: created.id };
      const outcomes = await Promise.all([
        settle(createCustomerAccount(other, { email: `x-${role}@example.com`, customers: ["X"] })),
        settle(deactivateCustomerAccount(other, ref)),
        settle(reactivateCustomerAccount(other, ref)),
        settle(resetCustomerAccountPassword(other, ref)),
        settle(updateCustomerAccount(other, { ...ref, allCustomers: true })),
        settle(endCustomerSession(other, { ...ref, sessionId: "x" })),
      ]);
      expect(outcomes, role).toEqual(Array(6).fill({ code: "forbidden" }));
    }
    expect((await userRow(created.id))?.deactivatedAt).toBeNull();
  });

  it("answers 404 for a staff user's id (or an unknown one): only customer accounts are touched", async () => {
    const staff = await makeUser(db().db, "biller");
    for (const accountId of [staff.id, admin.id, "00000000-0000-4000-8000-000000000000"]) {
      const ref = { accountId };
      const outcomes = await Promise.all([
        settle(deactivateCustomerAccount(asAdmin(), ref)),
        settle(reactivateCustomerAccount(asAdmin(), ref)),
        settle(resetCustomerAccountPassword(asAdmin(), ref)),
        settle(updateCustomerAccount(asAdmin(), { ...ref, allCustomers: true })),
        settle(endCustomerSession(asAdmin(), { ...ref, sessionId: "x" })),
      ]);
      expect(outcomes, accountId).toEqual(Array(5).fill({ code: "unknown_account" }));
    }
    const row = await userRow(staff.id);
    expect(row).toMatchObject({ deactivatedAt: null, mustChangePassword: false, allCustomers: false });
    expect(await customerAccountDetail(db().db, staff.id)).toBeNull();
  });
});
