import "server-only";
import { and, count, eq, gt, gte, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginEvents, sessions, users } from "@/db/schema";
import { STAFF_ROLES, type StaffRole } from "@/lib/domain";
import type { DailyLogins, UsageAnalytics, UsageCounts } from "@/lib/dto/analytics";
import { chartDays, chartRange } from "./days";
import { listMostActive, listRecentLogins, unknownGroup } from "./lists";
import { LOGIN_EVENT_RETENTION_DAYS } from "./prune";

const DAY_MS = 86_400_000;

/** Per-role figures as the SQL returns them; a role with no rows is all zeros. */
type RoleFigures = Map<string, Omit<UsageCounts, "loginsPerDay"> & { perDay: Map<string, number> }>;

function blank() {
  return { activeAccounts: 0, logins7d: 0, uniqueLogins7d: 0, failedLogins7d: 0, activeSessions: 0, perDay: new Map<string, number>() };
}

/**
 * Every count by role, one grouped query each (no rows fetched, each over an index range on
 * created_at): accounts, 7-day sign-ins, live sessions, sign-ins per IST day. Events count under
 * the role they were made with; accounts and sessions under the role the account has now.
 */
async function countByRole(db: Db, now: Date, days: string[], absoluteMs: number | undefined): Promise<{ byRole: RoleFigures; unknownFailed: number; staffUnique: number }> {
  const since7 = new Date(now.getTime() - 7 * DAY_MS);
  const chart = chartRange(days);
  // A literal zone, not a parameter: the GROUP BY must repeat the SELECT's expression exactly.
  const istDate = sql<string>`to_char(${loginEvents.createdAt} at time zone 'Asia/Kolkata', 'YYYY-MM-DD')`;
  const live = and(
    gt(sessions.expires, now),
    absoluteMs === undefined ? undefined : gt(sessions.createdAt, new Date(now.getTime() - absoluteMs)),
    isNull(users.deactivatedAt),
  );
  const [accounts, events, staffUnique, liveSessions, perDay] = await Promise.all([
    db.select({ role: users.role, n: count() }).from(users).where(isNull(users.deactivatedAt)).groupBy(users.role),
    db
      .select({
        role: loginEvents.role,
        logins: sql<number>`count(*) filter (where ${loginEvents.success})`.mapWith(Number),
        unique: sql<number>`count(distinct ${loginEvents.userId}) filter (where ${loginEvents.success})`.mapWith(Number),
        failed: sql<number>`count(*) filter (where not ${loginEvents.success})`.mapWith(Number),
      })
      .from(loginEvents)
      .where(gte(loginEvents.createdAt, since7))
      .groupBy(loginEvents.role),
    // Staff accounts once each, even one whose role changed within the week.
    db
      .select({ n: sql<number>`count(distinct ${loginEvents.userId})`.mapWith(Number) })
      .from(loginEvents)
      .where(and(gte(loginEvents.createdAt, since7), eq(loginEvents.success, true), ne(loginEvents.role, "customer"))),
    db.select({ role: users.role, n: count() }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(live).groupBy(users.role),
    db
      .select({ role: loginEvents.role, day: istDate, n: count() })
      .from(loginEvents)
      .where(and(gte(loginEvents.createdAt, chart.start), lt(loginEvents.createdAt, chart.end), eq(loginEvents.success, true)))
      .groupBy(loginEvents.role, istDate),
  ]);
  const byRole: RoleFigures = new Map();
  const of = (role: string) => byRole.get(role) ?? byRole.set(role, blank()).get(role) ?? blank();
  for (const r of accounts) of(r.role).activeAccounts = r.n;
  let unknownFailed = 0;
  for (const r of events) {
    if (r.role === null) {
      unknownFailed += r.failed;
      continue;
    }
    Object.assign(of(r.role), { logins7d: r.logins, uniqueLogins7d: r.unique, failedLogins7d: r.failed });
  }
  for (const r of liveSessions) of(r.role).activeSessions = r.n;
  for (const r of perDay) if (r.role !== null) of(r.role).perDay.set(r.day, r.n);
  return { byRole, unknownFailed, staffUnique: staffUnique[0]?.n ?? 0 };
}

/** The sum of some roles' figures (unique sign-ins excepted: the caller counts those across roles). */
function sumRoles(byRole: RoleFigures, roles: readonly string[], days: string[]): UsageCounts {
  const parts = roles.map((role) => byRole.get(role) ?? blank());
  const total = (pick: (p: ReturnType<typeof blank>) => number) => parts.reduce((sum, p) => sum + pick(p), 0);
  const loginsPerDay: DailyLogins[] = days.map((day) => ({ day, logins: total((p) => p.perDay.get(day) ?? 0) }));
  return {
    activeAccounts: total((p) => p.activeAccounts),
    logins7d: total((p) => p.logins7d),
    uniqueLogins7d: total((p) => p.uniqueLogins7d),
    failedLogins7d: total((p) => p.failedLogins7d),
    activeSessions: total((p) => p.activeSessions),
    loginsPerDay,
  };
}

/**
 * The usage analytics (DESIGN.md §8): customer accounts, then staff (all and per role). Sign-in
 * windows are the last 7 and 30 days up to `now`; the chart is 14 IST calendar days ending today.
 * `absoluteMs` (the session policy's absolute limit) leaves out sessions past it, as
 * /admin/sessions does; without it a session is live until its `expires`.
 */
export async function readUsageAnalytics(db: Db, now = new Date(), options: { absoluteMs?: number } = {}): Promise<UsageAnalytics> {
  const days = chartDays(now);
  const since30 = new Date(now.getTime() - 30 * DAY_MS);
  // Recent rows come from the retention window: a quiet group still finds its last 20.
  const since90 = new Date(now.getTime() - LOGIN_EVENT_RETENTION_DAYS * DAY_MS);
  const customer: SQL = eq(loginEvents.role, "customer");
  const staff = ne(loginEvents.role, "customer");
  const [{ byRole, unknownFailed, staffUnique }, customerTop, staffTop, customerRecent, staffRecent, unknownRecent] = await Promise.all([
    countByRole(db, now, days, options.absoluteMs),
    listMostActive(db, customer, since30),
    listMostActive(db, staff, since30),
    listRecentLogins(db, customer, since90),
    listRecentLogins(db, staff, since90),
    listRecentLogins(db, unknownGroup(), since90),
  ]);
  return {
    generatedAt: now,
    customers: { ...sumRoles(byRole, ["customer"], days), mostActive: customerTop, recentLogins: customerRecent },
    staff: {
      ...sumRoles(byRole, STAFF_ROLES, days),
      uniqueLogins7d: staffUnique,
      byRole: STAFF_ROLES.map((role: StaffRole) => ({ role, ...sumRoles(byRole, [role], days) })),
      mostActive: staffTop,
      recentLogins: staffRecent,
    },
    unknown: { failedLogins7d: unknownFailed, recentAttempts: unknownRecent },
  };
}
