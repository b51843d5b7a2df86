import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loginEvents, sessions, users } from "@/db/schema";
import type { Role } from "@/lib/domain";
import type { UsageCounts } from "@/lib/dto/analytics";
import { LOGIN_EVENT_RETENTION_DAYS, pruneLoginEvents } from "@/lib/server/analytics/prune";
import { readUsageAnalytics } from "@/lib/server/analytics/usage";
import { signIn } from "@/lib/server/auth/login-flow";
import { insertCustomerAccount } from "@/lib/server/customers/accounts";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import { systemContext, type RequestMeta } from "@/lib/server/service";
import { setupTestDb, truncateAll } from "../support/db";
import { FACTORY_PASSWORD, makeUser } from "../support/factories";

// The usage analytics (/admin/analytics) on a real database: login_events rows with chosen times,
// and sign-ins driven through the real sign-in verb. Only the browser's cookie jar is made up.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers(),
}));

const db = setupTestDb();
// 17:30 IST on 30 June 2026.
const now = new Date("2026-06-30T12:00:00Z");
const DAY_MS = 86_400_000;
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY_MS);
const CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

type Account = { id: string; username: string; role: Role };

/** One login_events row at a chosen time (the role copied from the account, as recordLoginEvent does). */
async function event(who: Account | null, at: Date, opts: { success?: boolean; reason?: string; ip?: string; userAgent?: string; identifier?: string } = {}) {
  const success = opts.success ?? true;
  await db()
    .db.insert(loginEvents)
    .values({
      createdAt: at,
      userId: who?.id ?? null,
      role: who?.role ?? null,
      identifier: opts.identifier ?? who?.username ?? "nobody",
      success,
      reason: opts.reason ?? (success ? "password" : who ? "bad_password" : "unknown_user"),
      ip: opts.ip ?? "192.0.2.10",
      userAgent: opts.userAgent ?? null,
    });
}

let tokens = 0;
async function session(who: Account, expires: Date, createdAt = daysAgo(0.1)) {
  await db()
    .db.insert(sessions)
    .values({ sessionToken: `analytics-token-${++tokens}`, userId: who.id, expires, createdAt, ip: "192.0.2.20" });
}

const customer = () => makeUser(db().db, "customer");
const deactivate = (who: Account) => db().db.update(users).set({ deactivatedAt: daysAgo(1) }).where(eq(users.id, who.id));
const headline = (c: UsageCounts) => ({
  activeAccounts: c.activeAccounts,
  logins7d: c.logins7d,
  uniqueLogins7d: c.uniqueLogins7d,
  failedLogins7d: c.failedLogins7d,
  activeSessions: c.activeSessions,
});
const read = (at = now) => readUsageAnalytics(db().db, at);

beforeEach(async () => {
  await truncateAll(db());
  jar.clear();
});
afterEach(() => vi.useRealTimers());

describe("sign-ins over the last 7 days", () => {
  it("counts two sign-ins of one account as 2 sign-ins and 1 unique, leaves out one 8 days old, counts refusals apart", async () => {
    const a = await customer();
    await event(a, daysAgo(1));
    await event(a, daysAgo(6.9));
    await event(a, daysAgo(8));
    await event(a, daysAgo(2), { success: false });
    await event(null, daysAgo(1), { success: false, identifier: "guess@example.com" });
    const { customers, unknown } = await read();
    expect(headline(customers)).toEqual({ activeAccounts: 1, logins7d: 2, uniqueLogins7d: 1, failedLogins7d: 1, activeSessions: 0 });
    // A name that is no account belongs to no group.
    expect(unknown.failedLogins7d).toBe(1);
    expect(unknown.recentAttempts.map((r) => [r.identifier, r.reason])).toEqual([["guess@example.com", "unknown_user"]]);
  });

  it("counts a second account as a second unique sign-in", async () => {
    const [a, b] = [await customer(), await customer()];
    await event(a, daysAgo(1));
    await event(a, daysAgo(2));
    await event(b, daysAgo(3));
    const { customers } = await read();
    expect([customers.logins7d, customers.uniqueLogins7d]).toEqual([3, 2]);
  });
});

describe("sign-ins per IST day", () => {
  it("has 14 days ending today, zero-filled, split at IST midnight, counting successes only", async () => {
    const a = await customer();
    await event(a, new Date("2026-06-28T18:29:00Z")); // 23:59 IST on 28 June
    await event(a, new Date("2026-06-28T18:31:00Z")); // 00:01 IST on 29 June
    await event(a, new Date("2026-06-28T18:40:00Z"), { success: false });
    await event(a, new Date("2026-06-16T18:30:00Z")); // 00:00 IST on 17 June, the first day shown
    await event(a, new Date("2026-06-16T18:29:59Z")); // 23:59:59 IST on 16 June, before it
    await event(a, new Date("2026-06-30T11:59:00Z")); // today
    const { customers, staff } = await read();
    const series = Object.fromEntries(customers.loginsPerDay.map((d) => [d.day, d.logins]));
    expect(customers.loginsPerDay).toHaveLength(14);
    expect(customers.loginsPerDay[0]?.day).toBe("2026-06-17");
    expect(customers.loginsPerDay[13]?.day).toBe("2026-06-30");
    expect(series).toEqual({
      "2026-06-17": 1,
      "2026-06-18": 0,
      "2026-06-19": 0,
      "2026-06-20": 0,
      "2026-06-21": 0,
      "2026-06-22": 0,
      "2026-06-23": 0,
      "2026-06-24": 0,
      "2026-06-25": 0,
      "2026-06-26": 0,
      "2026-06-27": 0,
      "2026-06-28": 1,
      "2026-06-29": 1,
      "2026-06-30": 1,
    });
    expect(staff.loginsPerDay.every((d) => d.logins === 0)).toBe(true);
  });

  it("starts the day at IST midnight, not UTC midnight", async () => {
    const a = await customer();
    // 00:30 IST on 1 July is still 30 June in UTC.
    const justAfterIstMidnight = new Date("2026-06-30T19:00:00Z");
    await event(a, new Date("2026-06-30T18:45:00Z"));
    const { customers } = await read(justAfterIstMidnight);
    expect(customers.loginsPerDay[13]).toEqual({ day: "2026-07-01", logins: 1 });
    expect(customers.loginsPerDay[12]).toEqual({ day: "2026-06-30", logins: 0 });
  });
});

describe("accounts and sessions", () => {
  it("counts live sessions of active accounts only: not expired ones, not a deactivated account's", async () => {
    const [a, b, gone] = [await customer(), await customer(), await customer()];
    const staff = await makeUser(db().db, "biller");
    await session(a, new Date(now.getTime() + 60_000));
    await session(a, new Date(now.getTime() + 60_000));
    await session(b, new Date(now.getTime() - 1));
    await session(gone, new Date(now.getTime() + 60_000));
    await session(staff, new Date(now.getTime() + 60_000));
    await deactivate(gone);
    const result = await read();
    expect(result.customers.activeSessions).toBe(2);
    expect(result.customers.activeAccounts).toBe(2);
    expect(result.staff.activeSessions).toBe(1);
    expect(result.staff.byRole.find((r) => r.role === "biller")?.activeSessions).toBe(1);
  });

  it("leaves out sessions past the absolute limit when given one", async () => {
    const a = await customer();
    await session(a, new Date(now.getTime() + 60_000), new Date(now.getTime() - 13 * 3_600_000));
    await session(a, new Date(now.getTime() + 60_000), new Date(now.getTime() - 3_600_000));
    expect((await readUsageAnalytics(db().db, now, { absoluteMs: 12 * 3_600_000 })).customers.activeSessions).toBe(1);
    expect((await read()).customers.activeSessions).toBe(2);
  });
});

describe("customers and staff", () => {
  it("keeps customers and staff apart, with staff figures per role", async () => {
    const c = await customer();
    const [biller, admin, dispatcher] = [await makeUser(db().db, "biller"), await makeUser(db().db, "admin"), await makeUser(db().db, "dispatcher")];
    await deactivate(dispatcher);
    await event(c, daysAgo(1));
    await event(biller, daysAgo(1));
    await event(biller, daysAgo(2));
    await event(admin, daysAgo(1), { reason: "totp" });
    await event(admin, daysAgo(1), { success: false, reason: "second_factor" });
    const { customers, staff } = await read();
    expect(headline(customers)).toEqual({ activeAccounts: 1, logins7d: 1, uniqueLogins7d: 1, failedLogins7d: 0, activeSessions: 0 });
    expect(headline(staff)).toEqual({ activeAccounts: 2, logins7d: 3, uniqueLogins7d: 2, failedLogins7d: 1, activeSessions: 0 });
    expect(staff.byRole.map((r) => [r.role, r.activeAccounts, r.logins7d, r.uniqueLogins7d, r.failedLogins7d])).toEqual([
      ["admin", 1, 1, 1, 1],
      ["biller", 1, 2, 1, 0],
      ["dispatcher", 0, 0, 0, 0],
      ["gate", 0, 0, 0, 0],
    ]);
    expect(staff.loginsPerDay.reduce((n, d) => n + d.logins, 0)).toBe(3);
    expect(customers.recentLogins.map((r) => r.username)).toEqual([c.username]);
    expect(staff.recentLogins.every((r) => r.role !== "customer")).toBe(true);
    expect(staff.recentLogins).toHaveLength(4);
    expect(staff.mostActive.map((r) => [r.username, r.logins])).toEqual([
      [biller.username, 2],
      [admin.username, 1],
    ]);
  });

  it("counts an event under the role it was made with, and a staff account whose role changed once", async () => {
    const u = await makeUser(db().db, "biller");
    await event(u, daysAgo(2));
    await db().db.update(users).set({ role: "admin" }).where(eq(users.id, u.id));
    await event({ ...u, role: "admin" }, daysAgo(1));
    const { staff } = await read();
    expect(staff.byRole.filter((r) => r.logins7d > 0).map((r) => [r.role, r.logins7d])).toEqual([
      ["admin", 1],
      ["biller", 1],
    ]);
    expect([staff.logins7d, staff.uniqueLogins7d]).toEqual([2, 1]);
  });
});

describe("most active accounts and recent sign-ins", () => {
  it("ranks accounts by sign-ins over 30 days with their last sign-in, top 10", async () => {
    const accounts: Account[] = [];
    for (let i = 0; i < 12; i++) accounts.push(await customer());
    const [first, second] = [accounts[0] as Account, accounts[1] as Account];
    for (const d of [1, 5, 29]) await event(first, daysAgo(d));
    // Old sign-ins do not count, however many.
    for (const d of [31, 32, 33, 34]) await event(second, daysAgo(d));
    await event(second, daysAgo(3));
    await event(second, daysAgo(2));
    await event(second, daysAgo(1), { success: false });
    for (const [i, a] of accounts.slice(2).entries()) await event(a, daysAgo(4 + i / 10));
    const { mostActive } = (await read()).customers;
    expect(mostActive).toHaveLength(10);
    expect(mostActive[0]).toEqual({ userId: first.id, username: first.username, role: "customer", logins: 3, lastLoginAt: daysAgo(1) });
    expect(mostActive[1]).toEqual({ userId: second.id, username: second.username, role: "customer", logins: 2, lastLoginAt: daysAgo(2) });
    // Ties (one sign-in each) go to the latest sign-in.
    expect(mostActive.slice(2).map((r) => r.username)).toEqual(accounts.slice(2, 10).map((a) => a.username));
  });

  it("lists the last 20 attempts newest first, success and refusal, with IP and the browser in words", async () => {
    const a = await customer();
    for (let i = 0; i < 21; i++) await event(a, daysAgo(10 + i));
    await event(a, daysAgo(0.5), { success: false, ip: "198.51.100.7", userAgent: SAFARI_IPHONE });
    await event(a, daysAgo(0.25), { ip: "198.51.100.8", userAgent: CHROME_WINDOWS });
    const { recentLogins } = (await read()).customers;
    expect(recentLogins).toHaveLength(20);
    expect(recentLogins.slice(0, 2)).toEqual([
      expect.objectContaining({ at: daysAgo(0.25), success: true, reason: "password", ip: "198.51.100.8", browser: "Chrome 131 on Windows", role: "customer" }),
      expect.objectContaining({ at: daysAgo(0.5), success: false, reason: "bad_password", ip: "198.51.100.7", browser: "Safari 17 on iOS", username: a.username }),
    ]);
    expect(recentLogins[19]?.at).toEqual(daysAgo(27));
  });
});

describe("real sign-ins", () => {
  const limiter = () => createRateLimiter({ redis: null, prefix: `analytics-${Date.now()}-${Math.random()}`, rules: {} });
  const meta = (ip: string, userAgent: string): RequestMeta => ({ ip, requestId: `req-${ip}`, userAgent });
  const form = (username: string, password: string) => ({ username, password, honeypot: false });

  it("writes a login_events row for a sign-in and for a wrong password, and the analytics count them", async () => {
    const account = await insertCustomerAccount(
      systemContext(db().db),
      { email: "dealer@example.com", customers: ["Analytics Traders"] },
      "Dealer-pass-2026",
      { mustChangePassword: false },
    );
    const staff = await makeUser(db().db, "biller");
    const pub = (m: RequestMeta) => ({ db: db().db, meta: m });
    await signIn(pub(meta("203.0.113.5", CHROME_WINDOWS)), form("dealer@example.com", "Dealer-pass-2026"), limiter());
    jar.clear();
    await expect(signIn(pub(meta("203.0.113.6", SAFARI_IPHONE)), form("dealer@example.com", "wrong-password"), limiter())).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    await signIn(pub(meta("203.0.113.7", CHROME_WINDOWS)), form(staff.username, FACTORY_PASSWORD), limiter());

    const rows = await db()
      .db.select({
        userId: loginEvents.userId,
        role: loginEvents.role,
        identifier: loginEvents.identifier,
        success: loginEvents.success,
        reason: loginEvents.reason,
        ip: loginEvents.ip,
        userAgent: loginEvents.userAgent,
      })
      .from(loginEvents)
      .orderBy(loginEvents.id);
    expect(rows).toEqual([
      { userId: account.id, role: "customer", identifier: "dealer@example.com", success: true, reason: "password", ip: "203.0.113.5", userAgent: CHROME_WINDOWS },
      { userId: account.id, role: "customer", identifier: "dealer@example.com", success: false, reason: "bad_password", ip: "203.0.113.6", userAgent: SAFARI_IPHONE },
      { userId: staff.id, role: "biller", identifier: staff.username, success: true, reason: "password", ip: "203.0.113.7", userAgent: CHROME_WINDOWS },
    ]);

    // A moment ahead, so the rows the database stamped with its own clock are inside the window.
    const { customers, staff: staffFigures } = await readUsageAnalytics(db().db, new Date(Date.now() + 1000));
    expect(headline(customers)).toEqual({ activeAccounts: 1, logins7d: 1, uniqueLogins7d: 1, failedLogins7d: 1, activeSessions: 1 });
    expect(headline(staffFigures)).toEqual({ activeAccounts: 1, logins7d: 1, uniqueLogins7d: 1, failedLogins7d: 0, activeSessions: 1 });
    expect(customers.recentLogins.map((r) => [r.username, r.success, r.ip, r.browser])).toEqual([
      ["dealer@example.com", false, "203.0.113.6", "Safari 17 on iOS"],
      ["dealer@example.com", true, "203.0.113.5", "Chrome 131 on Windows"],
    ]);
    expect(customers.mostActive.map((r) => [r.username, r.logins])).toEqual([["dealer@example.com", 1]]);
    // The last sign-in is the event's own time, to the millisecond.
    expect(customers.mostActive[0]?.lastLoginAt).toEqual(customers.recentLogins[1]?.at);
  });
});

describe("retention", () => {
  it("deletes login events older than 90 days and keeps the rest", async () => {
    const a = await customer();
    await event(a, daysAgo(LOGIN_EVENT_RETENTION_DAYS + 1));
    await event(null, daysAgo(LOGIN_EVENT_RETENTION_DAYS + 30));
    await event(a, daysAgo(LOGIN_EVENT_RETENTION_DAYS - 1));
    await event(a, daysAgo(LOGIN_EVENT_RETENTION_DAYS)); // exactly on the boundary: kept
    await event(a, daysAgo(1));
    expect(await pruneLoginEvents(db().db, now)).toEqual({ deleted: 2 });
    const left = await db().db.select({ at: loginEvents.createdAt }).from(loginEvents).orderBy(loginEvents.createdAt);
    expect(left.map((r) => r.at)).toEqual([daysAgo(LOGIN_EVENT_RETENTION_DAYS), daysAgo(LOGIN_EVENT_RETENTION_DAYS - 1), daysAgo(1)]);
    expect(await pruneLoginEvents(db().db, now)).toEqual({ deleted: 0 });
  });

  it("is run by the daily maintenance sweep", async () => {
    const a = await customer();
    await event(a, new Date(Date.now() - (LOGIN_EVENT_RETENTION_DAYS + 5) * DAY_MS));
    await event(a, new Date(Date.now() - DAY_MS));
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval"] });
    const { startSecurityMaintenance } = await import("@/lib/server/ops/maintenance");
    startSecurityMaintenance(() => db().db);
    // The first sweep runs a minute after start.
    vi.advanceTimersByTime(60_000);
    vi.useRealTimers();
    await vi.waitFor(async () => expect(await db().db.select({ id: loginEvents.id }).from(loginEvents)).toHaveLength(1), { timeout: 10_000 });
  });
});
