import "server-only";
import { and, asc, eq, gt, ilike, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { UserListItem } from "@/lib/dto/users";
import type { UserListFilters } from "@/lib/schemas/users";
import { escapeLike } from "../like";

export const USER_LIST_LIMIT = 500;

function conditions(filters: Partial<UserListFilters>, now: Date): SQL[] {
  // Deleted (anonymised) accounts are not people any more: never listed.
  const where: SQL[] = [isNull(users.deletedAt)];
  if (filters.q) {
    const pattern = `%${escapeLike(filters.q)}%`;
    const match = or(ilike(users.username, pattern), ilike(users.email, pattern));
    if (match) where.push(match);
  }
  if (filters.role) where.push(eq(users.role, filters.role));
  if (filters.area === "none") where.push(and(eq(users.role, "dispatcher"), isNull(users.dispatchArea)) ?? sql`false`);
  else if (filters.area) where.push(eq(users.dispatchArea, filters.area));
  if (filters.status === "locked") where.push(gt(users.lockedUntil, now));
  if (filters.status === "active") {
    where.push(isNull(users.deactivatedAt));
    where.push(or(isNull(users.lockedUntil), lte(users.lockedUntil, now)) ?? sql`true`);
  }
  return where;
}

/** Users as the admin list shows them (at most USER_LIST_LIMIT, by name): no hashes, no secrets. */
export async function listUsers(db: Db, filters: Partial<UserListFilters> = {}, now = new Date()): Promise<UserListItem[]> {
  return db
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      role: users.role,
      dispatchArea: users.dispatchArea,
      totpEnabled: users.totpEnabled,
      lockedUntil: users.lockedUntil,
      lastLoginAt: users.lastLoginAt,
      createdAt: users.createdAt,
      authSource: users.authSource,
      deactivatedAt: users.deactivatedAt,
    })
    .from(users)
    .where(and(...conditions(filters, now)))
    .orderBy(asc(sql`lower(${users.username})`))
    .limit(USER_LIST_LIMIT);
}
