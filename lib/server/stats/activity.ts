import "server-only";
import { desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scans, users } from "@/db/schema";
import type { DispatchArea } from "@/lib/domain";
import type { ActivityRow, DashboardActivity } from "@/lib/dto/stats";
import type { Actor } from "../service";
import { getScanActivityFor, scopeOf, type StatsViewer } from "./read";

export const RECENT_ACTIVITY_LIMIT = 10;

/** The newest scan events the viewer may see (a dispatcher: own area), newest first. */
export async function listRecentActivity(db: Db, viewer: StatsViewer): Promise<ActivityRow[]> {
  const scope = scopeOf(viewer);
  if (!scope) return [];
  const where: SQL | undefined = scope === "all" ? undefined : eq(scans.dispatchArea, scope.slice(5) as DispatchArea);
  const rows = await db
    .select({
      at: scans.createdAt,
      action: scans.action,
      result: scans.result,
      qr: scans.qr,
      username: users.username,
      dispatchArea: scans.dispatchArea,
      undone: sql<boolean>`${scans.undoneAt} is not null`,
    })
    .from(scans)
    .leftJoin(users, eq(users.id, scans.userId))
    .where(where)
    .orderBy(desc(scans.createdAt))
    .limit(RECENT_ACTIVITY_LIMIT);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/**
 * The dashboard's live part for `actor`: their area's scans per hour, their own count (from the
 * counters: stale when Redis is down, see getScanActivityFor), and recent events (PostgreSQL).
 */
export async function getDashboardActivity(db: Db, actor: Actor): Promise<DashboardActivity> {
  const [counts, recent] = await Promise.all([getScanActivityFor(actor), listRecentActivity(db, actor)]);
  return { ...counts, recent, generatedAt: new Date().toISOString() };
}
