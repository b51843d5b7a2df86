import "server-only";
import { and, count, desc, eq, gte, isNull, max, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginEvents, users } from "@/db/schema";
import type { Role } from "@/lib/domain";
import type { ActiveAccount, RecentLogin } from "@/lib/dto/analytics";
import { describeUserAgent } from "../admin/user-agent";

export const MOST_ACTIVE_LIMIT = 10;
export const RECENT_LOGINS_LIMIT = 20;

/** The accounts with the most sign-ins since `since` among events matching `group`, then the latest. */
export async function listMostActive(db: Db, group: SQL, since: Date): Promise<ActiveAccount[]> {
  const logins = count();
  const lastLoginAt = max(loginEvents.createdAt);
  const rows = await db
    .select({ userId: users.id, username: users.username, role: users.role, logins, lastLoginAt })
    .from(loginEvents)
    .innerJoin(users, eq(users.id, loginEvents.userId))
    .where(and(gte(loginEvents.createdAt, since), eq(loginEvents.success, true), group))
    // users.id is the key, so its other columns may be selected without grouping by them.
    .groupBy(users.id)
    // The id breaks ties, so the same data always gives the same list.
    .orderBy(desc(logins), desc(lastLoginAt), users.id)
    .limit(MOST_ACTIVE_LIMIT);
  return rows.flatMap((r) => (r.lastLoginAt ? [{ ...r, lastLoginAt: new Date(r.lastLoginAt) }] : []));
}

/** The newest attempts (success and failure) matching `group`, newest first. */
export async function listRecentLogins(db: Db, group: SQL, since: Date): Promise<RecentLogin[]> {
  const rows = await db
    .select({
      id: loginEvents.id,
      at: loginEvents.createdAt,
      identifier: loginEvents.identifier,
      username: users.username,
      role: loginEvents.role,
      success: loginEvents.success,
      reason: loginEvents.reason,
      ip: loginEvents.ip,
      userAgent: loginEvents.userAgent,
    })
    .from(loginEvents)
    .leftJoin(users, eq(users.id, loginEvents.userId))
    // The range keeps the backward walk of login_events_created_idx short when a group is rare.
    .where(and(gte(loginEvents.createdAt, since), group))
    .orderBy(desc(loginEvents.createdAt), desc(loginEvents.id))
    .limit(RECENT_LOGINS_LIMIT);
  return rows.map((r) => ({ ...r, role: r.role as Role | null, browser: describeUserAgent(r.userAgent) }));
}

/** Events of names that matched no account. */
export const unknownGroup = (): SQL => isNull(loginEvents.role) as SQL;
