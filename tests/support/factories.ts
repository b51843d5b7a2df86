import bcrypt from "bcryptjs";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { DispatchArea, Role } from "@/lib/domain";
import { audit } from "@/lib/server/audit";
import { systemContext } from "@/lib/server/service";

/**
 * makeUser's password, hashed once at bcrypt's lowest cost. Production hashes at BCRYPT_COST
 * (≥ 10, ≈ 66 ms a hash and as much per check here); bcrypt.compare reads the cost from the
 * hash, so these users sign in through the real password check, only faster.
 */
export const FACTORY_PASSWORD = "factory-pass-1";
const FACTORY_HASH = bcrypt.hashSync(FACTORY_PASSWORD, 4);

let seq = 0;
/** A user with a unique name; password "factory-pass-1". */
export async function makeUser(db: Db, role: Role = "dispatcher", area: DispatchArea | undefined = role === "dispatcher" ? "lucknow" : undefined) {
  seq += 1;
  const username = `${role}_${process.pid}_${seq}`;
  // What createUser stores and audits, with the precomputed hash instead of a cost-10 one.
  const ctx = systemContext(db);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ username, name: username, passwordHash: FACTORY_HASH, role, dispatchArea: area ?? null })
      .returning({ id: users.id, username: users.username, role: users.role, dispatchArea: users.dispatchArea });
    if (!row) throw new Error(`makeUser: no row for ${username}`);
    await audit(tx, ctx, { action: "user_created", entityType: "user", entityId: row.id, after: row });
    return row;
  });
}
