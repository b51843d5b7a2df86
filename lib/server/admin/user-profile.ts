import "server-only";
import { and, count, desc, eq, gt, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, backupCodes, bags, bills, scans, sessions, users } from "@/db/schema";
import { ENTITY_JOINS, ENTITY_NAME, entityUser } from "./audit-log-queries";
import type { DailyScans, UserProfile } from "@/lib/dto/user-profile";
import { istDay, istDayBounds } from "@/lib/time";
import { COUNTED_SCAN_RESULTS } from "../stats/keys";

export const PROFILE_DAYS = 30;
export const PROFILE_RECENT = 20;
const DAY_MS = 86_400_000;

/** The `n` IST calendar days ending with the one `now` falls on, oldest first (YYYY-MM-DD). */
export function lastIstDays(now: Date, n: number): string[] {
  const today = istDayBounds(istDay(now));
  if (!today) throw new Error("istDay gave a day istDayBounds cannot read");
  // Noon of each day, so no step lands near a midnight.
  const noon = today.start.getTime() + DAY_MS / 2;
  return Array.from({ length: n }, (_, i) => istDay(new Date(noon - (n - 1 - i) * DAY_MS)));
}

/**
 * Scans per IST day over the 30 days, and the distinct bags among them: one grouped query and
 * one count over the (user_id, created_at) index. Counted as the dashboard counts "scans today"
 * (parent created/selected, child linked/duplicate; refusals and undo events are not scans).
 */
async function countScans(db: Db, userId: string, days: string[]): Promise<{ perDay: DailyScans[]; uniqueBags: number }> {
  const first = istDayBounds(days[0] ?? "");
  const last = istDayBounds(days[days.length - 1] ?? "");
  if (!first || !last) throw new Error("countScans needs IST days as YYYY-MM-DD");
  // A literal zone, not a parameter: the GROUP BY must repeat the SELECT's expression exactly.
  const istDate = sql<string>`to_char(${scans.createdAt} at time zone 'Asia/Kolkata', 'YYYY-MM-DD')`;
  const inRange = and(
    eq(scans.userId, userId),
    gte(scans.createdAt, first.start),
    lt(scans.createdAt, last.end),
    inArray(scans.result, [...COUNTED_SCAN_RESULTS]),
  );
  const [grouped, [bagsRow]] = await Promise.all([
    db.select({ day: istDate, n: count() }).from(scans).where(inRange).groupBy(istDate),
    db
      .select({ n: sql<number>`count(distinct coalesce(${scans.childBagId}, ${scans.parentBagId}))`.mapWith(Number) })
      .from(scans)
      .where(inRange),
  ]);
  const byDay = new Map(grouped.map((r) => [r.day, r.n]));
  return { perDay: days.map((day) => ({ day, scans: byDay.get(day) ?? 0 })), uniqueBags: bagsRow?.n ?? 0 };
}

const sum = (rows: DailyScans[]) => rows.reduce((total, r) => total + r.scans, 0);

/**
 * One staff member's page for admins: the account (no hash, no secret), its figures from real
 * rows, the 20 newest scans and the 20 newest audit rows they wrote. Null when there is no such
 * user or the user was deleted (anonymised). `absoluteMs` is the sessions' absolute lifetime.
 */
export async function getUserProfile(db: Db, userId: string, options: { now?: Date; absoluteMs?: number } = {}): Promise<UserProfile | null> {
  const now = options.now ?? new Date();
  const [user] = await db
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      role: users.role,
      dispatchArea: users.dispatchArea,
      authSource: users.authSource,
      totpEnabled: users.totpEnabled,
      lockedUntil: users.lockedUntil,
      mustChangePassword: users.mustChangePassword,
      deactivatedAt: users.deactivatedAt,
      createdAt: users.createdAt,
      lastLoginAt: users.lastLoginAt,
    })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  if (!user) return null;

  const days = lastIstDays(now, PROFILE_DAYS);
  const live = and(
    eq(sessions.userId, userId),
    gt(sessions.expires, now),
    options.absoluteMs === undefined ? undefined : gt(sessions.createdAt, new Date(now.getTime() - options.absoluteMs)),
  );
  const [figures, [codes], [sessionCount], recentScans, recentActivity] = await Promise.all([
    countScans(db, userId, days),
    db.select({ n: count() }).from(backupCodes).where(and(eq(backupCodes.userId, userId), isNull(backupCodes.usedAt))),
    db.select({ n: count() }).from(sessions).where(live),
    db
      .select({
        id: scans.id,
        at: scans.createdAt,
        action: scans.action,
        result: scans.result,
        qr: scans.qr,
        dispatchArea: scans.dispatchArea,
        undone: sql<boolean>`${scans.undoneAt} is not null`,
      })
      .from(scans)
      .where(eq(scans.userId, userId))
      .orderBy(desc(scans.createdAt), desc(scans.id))
      .limit(PROFILE_RECENT),
    db
      .select({
        id: auditLog.id,
        at: auditLog.createdAt,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        entityName: ENTITY_NAME,
        ip: auditLog.ip,
      })
      .from(auditLog)
      .leftJoin(entityUser, ENTITY_JOINS.user)
      .leftJoin(bags, ENTITY_JOINS.bag)
      .leftJoin(bills, ENTITY_JOINS.bill)
      .where(eq(auditLog.userId, userId))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(PROFILE_RECENT),
  ]);
  const { perDay } = figures;
  return {
    ...user,
    backupCodesLeft: user.totpEnabled ? (codes?.n ?? 0) : 0,
    activeSessions: sessionCount?.n ?? 0,
    scansToday: perDay[perDay.length - 1]?.scans ?? 0,
    scans7d: sum(perDay.slice(-7)),
    scans30d: sum(perDay),
    uniqueBags30d: figures.uniqueBags,
    perDay,
    recentScans,
    recentActivity,
  };
}
