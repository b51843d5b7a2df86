import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { CreateUserInput, NewPassword, Username } from "@/lib/schemas/auth";
import { writeAudit } from "../audit";
import { ConflictError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { hashPassword } from "./passwords";

export interface Actor {
  userId: string | null;
  actor: string;
  ip?: string | null;
  requestId?: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, actor: "system" };

/** Creates a user; the same schema guards the CLI, the admin UI and bootstrap. */
export async function createUser(db: Db, raw: unknown, actor: Actor = SYSTEM_ACTOR, options: { mustChangePassword?: boolean } = {}) {
  const input = parseInput(CreateUserInput, raw);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        username: input.username,
        email: input.email ?? null,
        name: input.username,
        passwordHash,
        role: input.role,
        dispatchArea: input.dispatchArea ?? null,
        mustChangePassword: options.mustChangePassword ?? false,
      })
      .onConflictDoNothing()
      .returning({ id: users.id, username: users.username, role: users.role, dispatchArea: users.dispatchArea });
    if (!row) throw new ConflictError("duplicate_user", `A user named "${input.username}" (or with that email) already exists.`);
    await writeAudit(tx, {
      action: "user_created",
      userId: actor.userId,
      actor: actor.actor,
      entityType: "user",
      entityId: row.id,
      after: row,
      ip: actor.ip,
      requestId: actor.requestId,
    });
    return row;
  });
}

/** Sets a user's password (CLI / bootstrap); clears lockout. */
export async function setPassword(
  db: Db,
  rawUsername: unknown,
  rawPassword: unknown,
  options: { mustChange?: boolean; actor?: Actor } = {},
) {
  const username = parseInput(Username, rawUsername);
  const password = parseInput(NewPassword, rawPassword);
  const passwordHash = await hashPassword(password);
  const actor = options.actor ?? SYSTEM_ACTOR;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: options.mustChange ?? false,
        failedLoginAttempts: 0,
        lockedUntil: null,
        updatedAt: new Date(),
      })
      .where(eq(sql`lower(${users.username})`, username.toLowerCase()))
      .returning({ id: users.id, username: users.username });
    if (!row) throw new NotFoundError(`No user named "${username}".`, "unknown_user");
    await writeAudit(tx, {
      action: "password_set",
      userId: actor.userId,
      actor: actor.actor,
      entityType: "user",
      entityId: row.id,
      details: { username: row.username, mustChange: options.mustChange ?? false },
      critical: true,
      ip: actor.ip,
      requestId: actor.requestId,
    });
    return row;
  });
}
