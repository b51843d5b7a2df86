import { eq, sql } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import RegisterPage from "@/app/(auth)/register/page";
import { createAccount } from "@/app/(auth)/register/actions";
import LoginPage from "@/app/(auth)/login/page";
import { auditLog, outbox, users } from "@/db/schema";
import { checkPassword } from "@/lib/server/auth/login";
import type { SessionUser } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { listOutbox } from "@/lib/server/mail";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import type { LimitRule } from "@/lib/server/rate-limit/limits";
import { EMAIL_TAKEN, REGISTERED_NOTICE, registerUser, USERNAME_TAKEN } from "@/lib/server/users/register";
import { holdClockAtMinuteStart } from "../support/clock";
import { sessionUserOf, settle } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";

// Self-registration with REGISTRATION=open (register-closed.test.ts covers the default, closed):
// the form's action and the verb on a real database; only who is signed in and the request
// headers are replaced. Read lazily by getEnv(), so set before anything reads it.
process.env.REGISTRATION = "open";
process.env.APP_URL = "https://track.example.test";
delete process.env.SMTP_URL;
delete process.env.REDIS_URL;

const state = vi.hoisted(() => ({ user: null as SessionUser | null, ip: "198.51.100.1" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": state.ip, "x-request-id": "register-test", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => state.user,
  peekCurrentSession: async () => state.user,
}));

const db = setupTestDb();
let ipSeq = 0;
const meta = () => ({ ip: `203.0.113.${(ipSeq % 250) + 1}`, requestId: "req-register" });
const pub = () => ({ db: db().db, meta: meta() });
// A limiter that never gets in the way, for the tests about something else (races, duplicates).
const roomy = createRateLimiter({ redis: null, prefix: "register-roomy", rules: { register: { perAccount: 1000, ipFactor: 6, windowS: 60, onRedisError: "memory" } } });

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}
const person = (name: string, extra: Record<string, string> = {}) => ({
  username: name,
  email: `${name}@Example.COM`,
  password: "floor-pass-2024",
  confirm: "floor-pass-2024",
  ...extra,
});

/** Where a Next control-flow throw sends the browser (redirect) or what it answers (404), else rethrows. */
function controlFlow(err: unknown): string {
  const digest = String((err as { digest?: unknown } | null)?.digest ?? "");
  if (digest.startsWith("NEXT_REDIRECT")) return `redirect ${digest.split(";")[2]}`;
  if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) return `status ${digest.split(";")[1]}`;
  throw err;
}

/** The action as the form calls it: its answer, or where it sent the browser. */
async function submit(fields: Record<string, string>): Promise<string | Record<string, unknown>> {
  try {
    return (await createAccount({ ok: false }, form(fields))) as Record<string, unknown>;
  } catch (err) {
    return controlFlow(err);
  }
}

const usersNamed = (name: string) => db().db.select().from(users).where(eq(sql`lower(${users.username})`, name.toLowerCase()));
const auditOf = (action: string) => db().db.select().from(auditLog).where(eq(auditLog.action, action));

beforeEach(async () => {
  await truncateAll(db());
  await db().db.delete(outbox);
  state.user = null;
  ipSeq += 1;
  state.ip = `198.51.100.${(ipSeq % 250) + 1}`;
});
afterEach(() => vi.useRealTimers());

describe("registering through the form (REGISTRATION=open)", () => {
  it("creates a local dispatcher with no area, audits user_registered, mails a welcome and sends them to /login with the notice", async () => {
    expect(await submit(person("Ravi.Kumar"))).toBe("redirect /login?registered=1");
    const [row] = await usersNamed("ravi.kumar");
    expect(row).toMatchObject({ username: "Ravi.Kumar", email: "ravi.kumar@example.com", role: "dispatcher", dispatchArea: null, authSource: "local", mustChangePassword: false });
    expect(row?.passwordHash).toMatch(/^\$2[aby]\$1\d\$/);
    expect((await checkPassword(pub(), "ravi.kumar@example.com", "floor-pass-2024")).ok).toBe(true);

    const [entry] = await auditOf("user_registered");
    expect(entry).toMatchObject({ userId: row?.id, actor: "Ravi.Kumar", entityType: "user", entityId: row?.id, ip: state.ip });
    expect(entry?.after).toMatchObject({ username: "Ravi.Kumar", role: "dispatcher", dispatchArea: null, authSource: "local" });
    expect(JSON.stringify(entry)).not.toContain("floor-pass-2024");

    const mails = await listOutbox(db().db, 10);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "ravi.kumar@example.com", subject: "Welcome to TraceTrack" });
    expect(mails[0]?.body).toContain("An admin must assign your dispatch area before you can scan");
    expect(mails[0]?.body).toContain("https://track.example.test/login");
    expect(mails[0]?.body).not.toContain("floor-pass-2024");
  });

  it("refuses bad fields one by one under their fields, keeps the typed username and email, never the passwords, and creates nothing", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [person("ab"), "username", "Username must be at least 3 characters."],
      [person("bad name!"), "username", "Username may contain letters, digits, dot, dash and underscore only."],
      [person("System"), "username", "That username is reserved; choose another."],
      [person("meena", { email: "not-an-address" }), "email", "Enter a valid email address."],
      [person("meena", { email: "" }), "email", "Enter your email address."],
      [person("meena", { password: "short1", confirm: "short1" }), "password", "Password must be at least 8 characters."],
      [person("meena", { password: "Password123", confirm: "Password123" }), "password", "This password is too common; choose another."],
      [person("meena", { confirm: "floor-pass-2025" }), "confirm", "The two passwords do not match."],
    ];
    for (const [fields, field, message] of cases) {
      const answer = await submit(fields);
      expect(answer, `${field}: ${message}`).toMatchObject({ ok: false, code: "invalid_input", fields: { [field]: [message] }, username: fields.username });
      expect(JSON.stringify(answer)).not.toContain("floor-pass");
    }
    expect(await db().db.select().from(users)).toHaveLength(0);
    expect(await listOutbox(db().db, 10)).toHaveLength(0);
  });

  it("says a taken username or email under its field, case-insensitively, and creates nothing more", async () => {
    expect(await submit(person("anita"))).toBe("redirect /login?registered=1");
    const sameName = await submit(person("ANITA", { email: "someone-else@example.com" }));
    expect(sameName).toMatchObject({ ok: false, code: "account_exists", fields: { username: [USERNAME_TAKEN] }, username: "ANITA", email: "someone-else@example.com" });
    const sameEmail = await submit(person("anita2", { email: "ANITA@example.com" }));
    expect(sameEmail).toMatchObject({ ok: false, code: "account_exists", fields: { email: [EMAIL_TAKEN] } });
    // An account an admin made (no e-mail) blocks its name too.
    const staff = await makeUser(db().db, "biller");
    expect(await submit(person(staff.username.toUpperCase()))).toMatchObject({ code: "account_exists", fields: { username: [USERNAME_TAKEN] } });
    expect(await db().db.select().from(users)).toHaveLength(2);
    expect(await auditOf("user_registered")).toHaveLength(1);
    expect(await listOutbox(db().db, 10)).toHaveLength(1);
  });

  it("answers hostile field values with a typed failure, never an error, and creates nothing", async () => {
    const hostile: Record<string, string | File> = {
      NUL: "ab\u0000cd",
      "lone surrogate": "ab\ud800",
      "right-to-left override": "admin\u202e",
      "10 kB": "a".repeat(10_000),
      file: new File(["x"], "x.txt"),
    };
    for (const field of ["username", "email", "password", "confirm"]) {
      for (const [label, value] of Object.entries(hostile)) {
        const data = form(person("hostile"));
        data.set(field, value);
        const answer = await createAccount({ ok: false }, data).catch((err: unknown) => controlFlow(err));
        expect(answer, `${field}: ${label}`).toMatchObject({ ok: false });
        expect((answer as { code: string }).code, `${field}: ${label}`).not.toBe("internal_error");
      }
    }
    expect(await db().db.select().from(users)).toHaveLength(0);
  });

  it("answers a bot that fills the honeypot exactly like a person, but creates nothing, mails nothing and audits honeypot_triggered", async () => {
    expect(await submit({ ...person("botty"), website: "http://spam.example" })).toBe("redirect /login?registered=1");
    expect(await db().db.select().from(users)).toHaveLength(0);
    expect(await listOutbox(db().db, 10)).toHaveLength(0);
    expect(await auditOf("user_registered")).toHaveLength(0);
    const [entry] = await auditOf("honeypot_triggered");
    expect(entry).toMatchObject({ ip: state.ip, details: { form: "register" } });
  });

  it("shows the form to a visitor, sends someone signed in to the dashboard", async () => {
    const html = renderToStaticMarkup(await RegisterPage());
    for (const label of ["Username", "Email", "Password", "Password again"]) expect(html).toContain(`>${label}</label>`);
    expect(html).toMatch(/<input id="field-confirm"[^>]*type="password" autoComplete="new-password"/);
    // The honeypot: off-screen, hidden from screen readers, never reached by Tab.
    expect(html).toMatch(/<div aria-hidden="true" class="[^"]*-left-\[10000px\][^"]*"><label for="hp-website">[^<]*<\/label><input id="hp-website" type="text" tabindex="-1"/);
    expect(html).toContain(">Create account</button>");
    state.user = sessionUserOf(await makeUser(db().db, "dispatcher"));
    expect(await RegisterPage().then(() => "rendered", controlFlow)).toBe("redirect /dashboard");
  });

  it("links /login to /register, and shows the notice after a registration", async () => {
    const plain = renderToStaticMarkup(await LoginPage({ searchParams: Promise.resolve({}) }));
    expect(plain).toMatch(/<a [^>]*href="\/register"[^>]*>Create an account<\/a>/);
    expect(plain).not.toContain(REGISTERED_NOTICE);
    const after = renderToStaticMarkup(await LoginPage({ searchParams: Promise.resolve({ registered: "1" }) }));
    expect(after).toContain(REGISTERED_NOTICE);
    expect(REGISTERED_NOTICE).toBe("Account created. Sign in; an admin must assign your dispatch area before you can scan.");
  });
});

describe("the register limit (5 a minute per account, 6× that per IP; small numbers here)", () => {
  const rules = { register: { perAccount: 2, ipFactor: 2, windowS: 60, onRedisError: "memory" } satisfies LimitRule };
  beforeEach(holdClockAtMinuteStart);

  it("refuses a third try for one username within the minute with 429, whatever the outcome of the first two", async () => {
    const limiter = createRateLimiter({ redis: null, prefix: `reg-acct-${ipSeq}`, rules });
    const ctx = { db: db().db, meta: { ip: "192.0.2.10", requestId: "r" } };
    expect(await settle(registerUser(ctx, person("limited"), limiter))).toMatchObject({ ok: { username: "limited" } });
    expect(await settle(registerUser({ ...ctx, meta: { ip: "192.0.2.11", requestId: "r" } }, person("LIMITED"), limiter))).toEqual({ code: "account_exists" });
    const third = await registerUser({ ...ctx, meta: { ip: "192.0.2.12", requestId: "r" } }, person("Limited", { email: "x@example.com" }), limiter).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(AppError);
    expect(third).toMatchObject({ status: 429, code: "rate_limited", message: expect.stringMatching(/^Too many attempts/) });
  });

  it("refuses an address past perAccount × ipFactor tries, however many usernames it uses", async () => {
    const limiter = createRateLimiter({ redis: null, prefix: `reg-ip-${ipSeq}`, rules });
    const ctx = { db: db().db, meta: { ip: "192.0.2.20", requestId: "r" } };
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await settle(registerUser(ctx, person(`spray${i}`), limiter)));
    expect(outcomes.map((o) => ("ok" in o ? "ok" : o.code))).toEqual(["ok", "ok", "ok", "ok", "rate_limited"]);
    expect(await db().db.select().from(users)).toHaveLength(4);
  });
});

describe(`two registrations racing (${usingPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("for one username make one account; every other gets the username field error, never a 500", async () => {
    const attempts = Array.from({ length: 8 }, (_, i) => registerUser(pub(), person(i % 2 ? "RACER" : "racer", { email: `racer${i}@example.com` }), roomy));
    const outcomes = await Promise.all(attempts.map((p) => p.then((u) => ({ ok: u }), (e: unknown) => e)));
    expect(outcomes.filter((o) => "ok" in (o as object))).toHaveLength(1);
    for (const o of outcomes.filter((x) => !("ok" in (x as object)))) {
      expect(o).toBeInstanceOf(AppError);
      expect(o).toMatchObject({ status: 400, code: "account_exists", fields: { username: [USERNAME_TAKEN] } });
    }
    expect(await usersNamed("racer")).toHaveLength(1);
    expect(await auditOf("user_registered")).toHaveLength(1);
    expect(await listOutbox(db().db, 20)).toHaveLength(1);
  });

  it("for one email make one account; the others get the email field error", async () => {
    const attempts = Array.from({ length: 6 }, (_, i) => settle(registerUser(pub(), person(`mailer${i}`, { email: "Shared@Example.com" }), roomy)));
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => "ok" in o)).toHaveLength(1);
    expect(outcomes.filter((o) => !("ok" in o))).toEqual(Array.from({ length: 5 }, () => ({ code: "account_exists" })));
    expect(await db().db.select().from(users).where(eq(users.email, "shared@example.com"))).toHaveLength(1);
  });
});
