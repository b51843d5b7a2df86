import "server-only";
import { and, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { keysetCursorAt, type Db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import type { AuditPage } from "@/lib/dto/audit";
import type { AuditFilters } from "@/lib/schemas/auth";
import { keysetCursorOf } from "@/lib/schemas/keyset";
import { istDayBounds } from "@/lib/time";

function conditions(f: AuditFilters): SQL[] {
  const where: (SQL | undefined)[] = [];
  if (f.user) {
    const name = f.user.toLowerCase();
    // A row names its user by id, by actor name, or both (failed sign-ins of unknown names by neither).
    where.push(or(eq(sql`lower(${auditLog.actor})`, name), eq(auditLog.userId, sql`(select ${users.id} from ${users} where lower(${users.username}) = ${name})`)));
  }
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  if (f.ip) where.push(eq(auditLog.ip, f.ip));
  const from = f.from ? istDayBounds(f.from) : null;
  const to = f.to ? istDayBounds(f.to) : null;
  if (from) where.push(gte(auditLog.createdAt, from.start));
  if (to) where.push(lt(auditLog.createdAt, to.end));
  if (f.after) where.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (${f.after.createdAt}::timestamptz, ${f.after.id})`);
  return where.filter((c): c is SQL => c !== undefined);
}

/** Newest first, keyset-paginated on (created_at, id) so deep pages cost the same as the first. */
export async function listAuditLog(db: Db, filters: AuditFilters, pageSize = 50): Promise<AuditPage> {
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      userId: auditLog.userId,
      actor: auditLog.actor,
      ip: auditLog.ip,
      requestId: auditLog.requestId,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      details: auditLog.details,
      critical: auditLog.critical,
      cursorAt: keysetCursorAt(auditLog.createdAt).as("cursor_at"),
    })
    .from(auditLog)
    .where(and(...conditions(filters)))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the cursor column stays out of the page
    rows: page.map(({ cursorAt, ...row }) => row),
    nextCursor: rows.length > pageSize && last ? keysetCursorOf(last) : null,
  };
}
