import "server-only";
import { sql } from "drizzle-orm";
import { selectRows, type Db, type Tx } from "@/db/client";
import { gatePasses } from "@/db/schema";
import type { PassCounts } from "@/lib/dto/stats";
import { istDayBounds, istDay } from "@/lib/time";

/**
 * Passes active now (stored active, unused, window not over: not-yet-valid ones count) and
 * trucks out today (passes used within today's IST day). Counted, not kept in Redis counters:
 * "active" changes with the clock, which a counter cannot follow, and the table is small
 * (thousands of rows a year). The first count reads the partial unique index on state = 'active'
 * (at most one row per bill); the second the partial index on used_at.
 */
export async function readPassCounts(conn: Db | Tx, now = new Date()): Promise<PassCounts> {
  const today = istDayBounds(istDay(now));
  if (!today) throw new Error("today has no IST bounds");
  const [row] = await selectRows<{ active: number; used_today: number }>(
    conn,
    sql`select
      (select count(*)::int from ${gatePasses}
        where ${gatePasses.state} = 'active' and ${gatePasses.usedAt} is null and ${gatePasses.validUntil} >= ${now.toISOString()}::timestamptz) as active,
      (select count(*)::int from ${gatePasses}
        where ${gatePasses.usedAt} >= ${today.start.toISOString()}::timestamptz and ${gatePasses.usedAt} < ${today.end.toISOString()}::timestamptz) as used_today`,
  );
  return { active: Number(row?.active ?? 0), usedToday: Number(row?.used_today ?? 0) };
}
