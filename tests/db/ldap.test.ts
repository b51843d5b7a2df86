import { and, eq, sql } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, sessions, users } from "@/db/schema";
import { askDirectory, directoryConfig, type DirectoryConfig } from "@/lib/server/auth/ldap-client";
import { DIRECTORY_UNAVAILABLE } from "@/lib/server/auth/ldap";
import { checkCredentials } from "@/lib/server/auth/login";
import { attemptLogin, signIn, verifySecondFactor, WRONG_CREDENTIALS } from "@/lib/server/auth/login-flow";
import { confirmEnrolment, startEnrolment } from "@/lib/server/auth/totp";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import type { RequestMeta } from "@/lib/server/service";
import { hashPassword } from "@/lib/server/users/passwords";
import { ctxOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { FACTORY_PASSWORD, makeUser } from "../support/factories";
import {
  BASE_DN,
  GROUP_BASE_DN,
  SERVICE_DN,
  SERVICE_PASSWORD,
  slapdAvailable,
  startSlapd,
  type DirectoryPerson,
  type Slapd,
} from "../support/slapd";

// Directory sign-in (DESIGN.md §8, seed 003) against a real OpenLDAP: Debian's slapd started on a
// free port with a generated config and LDIF (tests/support/slapd.ts), through the real signIn.
// Without slapd this tier is skipped outside CI and fails in CI (.ci/run installs it).

const available = slapdAvailable();
if (!available) {
  if (process.env.CI === "true") throw new Error("slapd is missing: .ci/run installs `slapd ldap-utils`; the LDAP tests must run in CI.");
  console.warn("[ldap.test] /usr/sbin/slapd not found: skipping the directory sign-in tests (apt-get install slapd ldap-utils to run them).");
}

const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers(),
}));

const TIMEOUT_MS = 1500;
const PEOPLE: DirectoryPerson[] = [
  { uid: "anita", password: "anita-directory-1", mail: "anita@tracetrack.test", groups: ["tt-billers"] },
  { uid: "ravi", password: "ravi-directory-1", mail: "ravi@tracetrack.test", groups: ["tt-lucknow"] },
  { uid: "meera", password: "meera-directory-1", mail: "meera@tracetrack.test", groups: ["tt-admins", "tt-billers"] },
  { uid: "kiran", password: "kiran-directory-1", groups: ["tt-billers"] },
  { uid: "outsider", password: "outsider-directory-1", groups: [] },
  { uid: "twofold", password: "twofold-directory-1", groups: ["tt-indore", "tt-lucknow"] },
  { uid: "shadow", password: "shadow-directory-1", groups: ["tt-admins"] },
  // Filter characters in a real name: escaping must find exactly this entry (and its groups).
  { uid: "par(en)s*", password: "parens-directory-1", groups: ["tt-billers"] },
  { uid: "gone", password: "gone-directory-1", groups: ["tt-billers"] },
  { uid: "duo", password: "duo-directory-1", groups: ["tt-indore"] },
  { uid: "crowd", password: "crowd-directory-1", groups: ["tt-raipur"] },
];
const GROUPS = ["tt-admins", "tt-billers", "tt-lucknow", "tt-indore", "tt-raipur"];
const pw = (uid: string) => PEOPLE.find((p) => p.uid === uid)?.password ?? "";

let slapd: Slapd;
let config: DirectoryConfig;
let seq = 0;
const meta = (): RequestMeta => ({ ip: "192.0.2.90", requestId: `req-ldap-${++seq}` });
const limiter = () => createRateLimiter({ redis: null, prefix: `ldap-${process.pid}-${++seq}`, rules: {} });
const form = (username: string, password: string, next = "/dashboard") => ({ username, password, next, honeypot: false });

// Before the database and before anything reads the environment (getEnv reads it once).
beforeAll(async () => {
  if (!available) return;
  slapd = await startSlapd(PEOPLE, GROUPS);
  Object.assign(process.env, {
    LDAP_URL: slapd.url,
    LDAP_BASE_DN: BASE_DN,
    LDAP_GROUP_BASE_DN: GROUP_BASE_DN,
    LDAP_BIND_DN: SERVICE_DN,
    LDAP_BIND_PASSWORD: SERVICE_PASSWORD,
    LDAP_GROUP_ROLES: "tt-admins=admin, tt-billers=biller, tt-lucknow=dispatcher:lucknow, tt-indore=dispatcher:indore, tt-raipur=dispatcher:raipur",
    LDAP_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  const found = directoryConfig();
  if (!found) throw new Error("the directory configuration was not picked up");
  config = found;
});
afterAll(async () => {
  await slapd?.dispose();
});

const db = setupTestDb();
const pub = () => ({ db: db().db, meta: meta() });

async function account(username: string) {
  const [row] = await db()
    .db.select({ id: users.id, role: users.role, dispatchArea: users.dispatchArea, authSource: users.authSource, email: users.email })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  return row;
}
async function auditOf(action: string) {
  return db().db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(auditLog.id);
}
const userCount = async () => (await db().db.select({ id: users.id }).from(users)).length;

beforeEach(() => jar.clear());

describe.skipIf(!available)("directory sign-in against a real OpenLDAP (slapd)", () => {
  // A local admin exists throughout, as in production (the bootstrap admin).
  let localAdmin: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    localAdmin = await makeUser(db().db, "admin");
  });

  it("signs a tt-billers member in as a biller and creates their account (auth_source ldap, mail from the directory)", async () => {
    expect(await account("anita")).toBeUndefined();
    expect(await signIn(pub(), form("anita", pw("anita")), limiter())).toEqual({ redirectTo: "/dashboard" });
    expect(await account("anita")).toMatchObject({ role: "biller", dispatchArea: null, authSource: "ldap", email: "anita@tracetrack.test" });
    const [created] = await auditOf("ldap_user_created");
    expect(created).toMatchObject({ entityId: (await account("anita"))?.id, critical: true, details: { group: "tt-billers", dn: `uid=anita,ou=people,${BASE_DN}` } });
    // A real session for the new account.
    const [session] = await db().db.select().from(sessions).where(eq(sessions.userId, (await account("anita"))?.id ?? ""));
    expect(session).toBeDefined();
  });

  it("signs a tt-lucknow member in as the dispatcher of Lucknow", async () => {
    await signIn(pub(), form("ravi", pw("ravi")), limiter());
    expect(await account("ravi")).toMatchObject({ role: "dispatcher", dispatchArea: "lucknow", authSource: "ldap" });
  });

  it("takes DOMAIN\\user and user@domain as the user name, onto the same account", async () => {
    const before = await userCount();
    expect(await signIn(pub(), form("TRACETRACK\\anita", pw("anita")), limiter())).toEqual({ redirectTo: "/dashboard" });
    expect(await signIn(pub(), form("anita@corp.example", pw("anita")), limiter())).toEqual({ redirectTo: "/dashboard" });
    expect(await signIn(pub(), form("ANITA", pw("anita")), limiter())).toEqual({ redirectTo: "/dashboard" });
    expect(await userCount()).toBe(before);
  });

  it("gives the strongest group's role, and the first mapped area among several dispatcher groups", async () => {
    await signIn(pub(), form("twofold", pw("twofold")), limiter());
    expect(await account("twofold")).toMatchObject({ role: "dispatcher", dispatchArea: "lucknow" });
  });

  it("makes a tt-admins member an admin who must enrol in 2FA, then a biller once removed from tt-admins", async () => {
    expect(await signIn(pub(), form("meera", pw("meera")), limiter())).toEqual({ redirectTo: "/2fa/setup?next=%2Fdashboard" });
    const meera = await account("meera");
    expect(meera).toMatchObject({ role: "admin", authSource: "ldap" });
    expect(await db().db.select().from(sessions).where(eq(sessions.userId, meera?.id ?? ""))).toHaveLength(1);

    await slapd.setMembership("meera", "tt-admins", false);
    try {
      expect(await signIn(pub(), form("meera", pw("meera")), limiter())).toEqual({ redirectTo: "/dashboard" });
      expect(await account("meera")).toMatchObject({ role: "biller", dispatchArea: null });
      const [synced] = await auditOf("ldap_role_synced");
      expect(synced).toMatchObject({
        entityId: meera?.id,
        before: { role: "admin", dispatchArea: null },
        after: { role: "biller", dispatchArea: null },
        critical: true,
      });
      // The admin session from before the demotion is gone; only the new biller one is left.
      expect(await db().db.select().from(sessions).where(eq(sessions.userId, meera?.id ?? ""))).toHaveLength(1);
    } finally {
      await slapd.setMembership("meera", "tt-admins", true);
    }
  });

  it("refuses a member of no mapped group with the generic answer, creates nothing and ends what they had", async () => {
    const before = await userCount();
    await expect(signIn(pub(), form("outsider", pw("outsider")), limiter())).rejects.toMatchObject({ status: 401, code: "invalid_credentials", message: WRONG_CREDENTIALS });
    expect(await userCount()).toBe(before);

    await signIn(pub(), form("kiran", pw("kiran")), limiter());
    const kiran = await account("kiran");
    await slapd.setMembership("kiran", "tt-billers", false);
    try {
      await expect(signIn(pub(), form("kiran", pw("kiran")), limiter())).rejects.toMatchObject({ code: "invalid_credentials", message: WRONG_CREDENTIALS });
      expect(await db().db.select().from(sessions).where(eq(sessions.userId, kiran?.id ?? ""))).toHaveLength(0);
      const refused = (await auditOf("ldap_login_refused")).map((r) => r.details);
      expect(refused).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ reason: "no_mapped_group", username: "outsider" }),
          expect.objectContaining({ reason: "no_mapped_group", username: "kiran", sessionsEnded: 1 }),
        ]),
      );
    } finally {
      await slapd.setMembership("kiran", "tt-billers", true);
    }
  });

  it("answers a wrong password with the generic message and counts it toward the lockout", async () => {
    await expect(signIn(pub(), form("anita", "not-her-password"), limiter())).rejects.toMatchObject({ code: "invalid_credentials", message: WRONG_CREDENTIALS });
    const [row] = await db().db.select({ failed: users.failedLoginAttempts }).from(users).where(eq(users.username, "anita"));
    expect(row?.failed).toBe(1);
    // A wrong password for someone with no account here yet: the same answer, no account made.
    await expect(signIn(pub(), form("gone", "not-the-password"), limiter())).rejects.toMatchObject({ message: WRONG_CREDENTIALS });
    expect(await account("gone")).toBeUndefined();
    // Unknown to the directory: the same answer.
    await expect(signIn(pub(), form("nobody-at-all", "whatever-1"), limiter())).rejects.toMatchObject({ message: WRONG_CREDENTIALS });
  });

  it("never tries an empty password (an anonymous bind would succeed)", async () => {
    expect(await askDirectory(config, "anita", "")).toEqual({ kind: "bad_password" });
    expect(await checkCredentials(pub(), "anita", "")).toEqual({ ok: false, reason: "invalid" });
    expect(await checkCredentials(pub(), "ravi", "")).toEqual({ ok: false, reason: "invalid" });
    // The form itself refuses it before any of that.
    await expect(signIn(pub(), form("anita", ""), limiter())).rejects.toMatchObject({ code: "invalid_input" });
  });

  it.each(["*)(uid=*", "*", "admin)(|(uid=*", "\\2a", "ani*", "anita)(uid=*", "*)(|(objectClass=*", "(uid=anita)"])(
    "refuses the filter injection %j with anita's password and matches nobody",
    async (typed) => {
      const before = await userCount();
      await expect(signIn(pub(), form(typed, pw("anita")), limiter())).rejects.toMatchObject({ code: "invalid_credentials", message: WRONG_CREDENTIALS });
      expect(await userCount()).toBe(before);
      // At the directory itself: the escaped value is a literal name that nobody has.
      expect(await askDirectory(config, typed, pw("anita"))).toEqual({ kind: "unknown_user" });
    },
  );

  it("refuses a name with a NUL or another control character before asking the directory", async () => {
    const invalidNames = async () => (await auditOf("ldap_login_refused")).filter((r) => (r.details as { reason?: string }).reason === "invalid_name");
    const before = (await invalidNames()).length;
    // The form refuses it first; the credential check refuses it too; escaped, it matches nobody.
    await expect(signIn(pub(), form("an\u0000ita", pw("anita")), limiter())).rejects.toMatchObject({ code: "invalid_input" });
    expect(await checkCredentials(pub(), "an\u0000ita", pw("anita"))).toEqual({ ok: false, reason: "invalid" });
    expect(await checkCredentials(pub(), "an\tita", pw("anita"))).toEqual({ ok: false, reason: "invalid" });
    expect(await askDirectory(config, "anita\u0000", pw("anita"))).toEqual({ kind: "unknown_user" });
    // Audited with the control characters shown as "?".
    expect((await invalidNames()).slice(before).map((r) => (r.details as { username?: string }).username)).toEqual(["an?ita", "an?ita"]);
  });

  it("escapes a real name with filter characters so that exactly its owner signs in", async () => {
    expect(await askDirectory(config, "par(en)s*", pw("par(en)s*"))).toMatchObject({ kind: "ok", groups: expect.arrayContaining(["tt-billers"]) });
    await signIn(pub(), form("par(en)s*", pw("par(en)s*")), limiter());
    expect(await account("par(en)s*")).toMatchObject({ role: "biller", authSource: "ldap" });
    expect(await askDirectory(config, "par(en)s", pw("par(en)s*"))).toEqual({ kind: "unknown_user" });
  });

  it("never checks a local account against the directory, even with the directory's name and password", async () => {
    const hash = await hashPassword(FACTORY_PASSWORD);
    await db().db.insert(users).values({ username: "shadow", passwordHash: hash, role: "biller", authSource: "local" });
    // The directory's password for "shadow" (an admin there) does not open the local account…
    await expect(signIn(pub(), form("shadow", pw("shadow")), limiter())).rejects.toMatchObject({ message: WRONG_CREDENTIALS });
    await expect(signIn(pub(), form("TRACETRACK\\shadow", pw("shadow")), limiter())).rejects.toMatchObject({ message: WRONG_CREDENTIALS });
    expect(await account("shadow")).toMatchObject({ role: "biller", authSource: "local" });
    expect((await auditOf("ldap_login_refused")).some((r) => (r.details as { reason?: string }).reason === "local_account")).toBe(true);
    // …its own password does, as a local biller.
    expect(await signIn(pub(), form("shadow", FACTORY_PASSWORD), limiter())).toEqual({ redirectTo: "/dashboard" });
  });

  it("keeps a customer's e-mail sign-in local (the full address is matched first)", async () => {
    const hash = await hashPassword("customer-pass-1");
    await db().db.insert(users).values({ username: "buyer@dealer.example", email: "buyer@dealer.example", passwordHash: hash, role: "customer" });
    expect(await signIn(pub(), form("buyer@dealer.example", "customer-pass-1", "/portal"), limiter())).toEqual({ redirectTo: "/portal" });
  });

  it("keeps a deactivated directory user out, right password or not", async () => {
    await signIn(pub(), form("gone", pw("gone")), limiter());
    const gone = await account("gone");
    await db().db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, gone?.id ?? ""));
    await expect(signIn(pub(), form("gone", pw("gone")), limiter())).rejects.toMatchObject({ message: WRONG_CREDENTIALS });
    const blocked = await db().db.select().from(auditLog).where(and(eq(auditLog.action, "login_blocked_deactivated"), eq(auditLog.entityId, gone?.id ?? "")));
    expect(blocked).toHaveLength(1);
  });

  it("says plainly when the directory's area for a first sign-in is already full (10 dispatchers)", async () => {
    for (let i = 0; i < 10; i++) await makeUser(db().db, "dispatcher", "raipur");
    await expect(signIn(pub(), form("crowd", pw("crowd")), limiter())).rejects.toMatchObject({
      status: 403,
      code: "directory_role_refused",
      message: expect.stringContaining("Raipur, which already has 10 dispatchers"),
    });
    expect(await account("crowd")).toBeUndefined();
  });

  it("counts CORP\\name, name@domain and NAME against one sign-in budget", async () => {
    const l = createRateLimiter({ redis: null, prefix: `ldap-budget-${process.pid}`, rules: { login: { perAccount: 2, ipFactor: 6, windowS: 60, onRedisError: "memory" } } });
    await expect(signIn(pub(), form("CORP\\kiran", "wrong-password-1"), l)).rejects.toMatchObject({ code: "invalid_credentials" });
    await expect(signIn(pub(), form("kiran@corp.example", "wrong-password-1"), l)).rejects.toMatchObject({ code: "invalid_credentials" });
    await expect(signIn(pub(), form("KIRAN", pw("kiran")), l)).rejects.toMatchObject({ status: 429, code: "rate_limited" });
    expect(await signIn(pub(), form("kiran", pw("kiran")), limiter())).toEqual({ redirectTo: "/dashboard" });
  });

  it("asks a directory user with 2FA for their code before any session", async () => {
    const anita = await account("anita");
    if (!anita) throw new Error("anita signs in in the first test");
    const self = ctxOf(db().db, { id: anita.id, username: "anita", role: "biller", dispatchArea: null });
    const { secret } = await startEnrolment(self);
    await confirmEnrolment(self, { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }) });
    const sessionsBefore = (await db().db.select().from(sessions).where(eq(sessions.userId, anita.id))).length;
    expect(await signIn(pub(), form("anita@corp.example", pw("anita")), limiter())).toEqual({ redirectTo: "/2fa?next=%2Fdashboard" });
    expect(await db().db.select().from(sessions).where(eq(sessions.userId, anita.id))).toHaveLength(sessionsBefore);
    expect(await verifySecondFactor(pub(), { code: await generate({ secret }), next: "/dashboard" }, limiter())).toEqual({ redirectTo: "/dashboard" });
  });

  it("creates one account when a person's first two sign-ins race", async () => {
    expect(await account("duo")).toBeUndefined();
    const first = await Promise.all([attemptLogin(pub(), form("DUO", pw("duo")), limiter()), attemptLogin(pub(), form("duo", pw("duo")), limiter())]);
    expect(first.map((o) => o.kind)).toEqual(["signed_in", "signed_in"]);
    const rows = await db().db.select().from(users).where(eq(sql`lower(${users.username})`, "duo"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: "duo", role: "dispatcher", dispatchArea: "indore" });
    expect(await auditOf("ldap_user_created")).toHaveLength(new Set((await auditOf("ldap_user_created")).map((r) => r.entityId)).size);
  });

  it("refuses a directory that hangs within the timeout, with a clear message, while a local admin signs in", async () => {
    slapd.pause();
    try {
      const started = Date.now();
      const refused = signIn(pub(), form("anita", pw("anita")), limiter()).catch((e: unknown) => e);
      // Meanwhile, the local admin is not held up by the directory at all.
      const localStart = Date.now();
      expect(await signIn(pub(), form(localAdmin.username, FACTORY_PASSWORD), limiter())).toEqual({ redirectTo: "/2fa/setup?next=%2Fdashboard" });
      expect(Date.now() - localStart).toBeLessThan(TIMEOUT_MS);
      expect(await refused).toMatchObject({ status: 503, code: "directory_unavailable", message: DIRECTORY_UNAVAILABLE });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(took).toBeLessThan(TIMEOUT_MS + 1500);
    } finally {
      slapd.resume();
    }
    expect(await signIn(pub(), form("kiran", pw("kiran")), limiter())).toEqual({ redirectTo: "/dashboard" });
  });

  it("answers at once when the directory is down (connection refused), audits it, and local accounts still sign in", async () => {
    await slapd.stop();
    try {
      const started = Date.now();
      await expect(signIn(pub(), form("anita", pw("anita")), limiter())).rejects.toMatchObject({ status: 503, code: "directory_unavailable", message: DIRECTORY_UNAVAILABLE });
      // A first sign-in too: nothing is created while the directory cannot vouch for anyone.
      await expect(signIn(pub(), form("CORP\\newcomer", "some-password-1"), limiter())).rejects.toMatchObject({ code: "directory_unavailable" });
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
      const audited = await auditOf("ldap_unavailable");
      expect(audited.length).toBeGreaterThanOrEqual(2);
      // No failure counted against anita: it was not her fault.
      const [row] = await db().db.select({ failed: users.failedLoginAttempts }).from(users).where(eq(users.username, "anita"));
      expect(row?.failed).toBe(0);
      expect(await signIn(pub(), form(localAdmin.username, FACTORY_PASSWORD), limiter())).toEqual({ redirectTo: "/2fa/setup?next=%2Fdashboard" });
    } finally {
      await slapd.start();
    }
  });
});
