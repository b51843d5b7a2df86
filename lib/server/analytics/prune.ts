import "server-only";
import { inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginEvents } from "@/db/schema";

export const LOGIN_EVENT_RETENTION_DAYS = 90;
const PRUNE_BATCH = 5_000;
const DAY_MS = 86_400_000;

/**
 * Retention of login_events (DESIGN.md §8): rows older than 90 days go, in batches over the
 * created_at index so a backlog never holds one long lock. Run daily by the maintenance sweep.
 */
export async function pruneLoginEvents(db: Db, now = new Date()): Promise<{ deleted: number }> {
  const before = new Date(now.getTime() - LOGIN_EVENT_RETENTION_DAYS * DAY_MS);
  let deleted = 0;
  for (;;) {
    const batch = db.select({ id: loginEvents.id }).from(loginEvents).where(lt(loginEvents.createdAt, before)).limit(PRUNE_BATCH);
    const rows = await db.delete(loginEvents).where(inArray(loginEvents.id, batch)).returning({ id: loginEvents.id });
    deleted += rows.length;
    if (rows.length < PRUNE_BATCH) break;
  }
  return { deleted };
}
