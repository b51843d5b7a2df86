import "server-only";
import { and, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { keysetCursorAt, type Db } from "@/db/client";
import { auditLog, bags, bills, users } from "@/db/schema";
import type { AuditPage } from "@/lib/dto/audit";
import type { AuditFilters } from "@/lib/schemas/auth";
import { keysetCursorOf } from "@/lib/schemas/keyset";
import { istDayBounds } from "@/lib/time";

/** The viewer's filter conditions (with its `after` cursor when set; the audit export passes none). */
export function conditions(f: AuditFilters): SQL[] {
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

const actorUser = alias(users, "actor_user");
const entityUser = alias(users, "entity_user");

/** What a row's entity is called today (a bill's number, a bag's QR, a user's name), given entityJoins. */
export const ENTITY_NAME = sql<string | null>`coalesce(${bills.billNumber}, ${bags.qr}, ${entityUser.username})`;

/**
 * A row's entity id as a bag's or bill's id: entity ids are text, and only a row of that type
 * whose id is all digits is cast (a CASE, so no other row's id is ever cast); null otherwise.
 */
export const numericEntityId = (type: "bag" | "bill") =>
  sql`(case when ${auditLog.entityType} = ${type} and ${auditLog.entityId} ~ '^[0-9]{1,18}$' then ${auditLog.entityId}::bigint end)`;

/** The left joins ENTITY_NAME reads: `.leftJoin(entityUser, ENTITY_JOINS.user).leftJoin(bags, …bag).leftJoin(bills, …bill)`. */
export const ENTITY_JOINS = {
  user: and(eq(auditLog.entityType, "user"), eq(entityUser.id, auditLog.entityId)),
  bag: eq(bags.id, numericEntityId("bag")),
  bill: eq(bills.id, numericEntityId("bill")),
};
export { entityUser };

/**
 * Newest first, keyset-paginated on (created_at, id) so deep pages cost the same as the first.
 * The acting user and the entity (bill, bag, user) are named by left joins on their primary
 * keys in the same query; one deleted since keeps a null name, and the viewer shows its raw id.
 */
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
      actorUsername: actorUser.username,
      entityName: ENTITY_NAME,
      cursorAt: keysetCursorAt(auditLog.createdAt).as("cursor_at"),
    })
    .from(auditLog)
    .leftJoin(actorUser, eq(actorUser.id, auditLog.userId))
    .leftJoin(entityUser, ENTITY_JOINS.user)
    .leftJoin(bags, ENTITY_JOINS.bag)
    .leftJoin(bills, ENTITY_JOINS.bill)
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
