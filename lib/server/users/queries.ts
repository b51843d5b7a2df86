import "server-only";
import { asc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { UserListItem } from "@/lib/dto/users";

/** Users as the admin list shows them: no hashes, no secrets. */
export async function listUsers(db: Db): Promise<UserListItem[]> {
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
    })
    .from(users)
    .orderBy(asc(users.username))
    .limit(500);
}
