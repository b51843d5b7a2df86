import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import type { CreatedUser } from "@/lib/dto/users";
import { CreateUserInput, SetPasswordInput } from "@/lib/schemas/auth";
import { audit } from "../audit";
import type { ServiceContext, SystemContext } from "../service";
import { ConflictError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { hashPassword } from "./passwords";
import { assertPlacementAllowed, lockUserRoles, placementOf } from "./roles";

/**
 * Inserts a validated user, audited under whoever creates it: the system (CLI, bootstrap, demo
 * seed) or an admin (createUserWithTemporaryPassword). The role rules (a dispatcher's area and
 * its cap) are counted under the user-roles lock, as assignRole counts them; `allowNoArea` lets a
 * dispatcher wait for an area (self-registration).
 */
export async function insertUser(
  ctx: ServiceContext | SystemContext,
  input: CreateUserInput,
  options: { mustChangePassword?: boolean; allowNoArea?: boolean } = {},
): Promise<CreatedUser> {
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    await lockUserRoles(tx);
    await assertPlacementAllowed(tx, null, placementOf(input.role, input.dispatchArea), { allowNoArea: options.allowNoArea });
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
    if (!row) {
      throw new ConflictError("duplicate_user", `A user named "${input.username}" (or with that email) already exists.`).say({ username: input.username }, "admin_duplicate_user");
    }
    await audit(tx, ctx, { action: "user_created", entityType: "user", entityId: row.id, after: row });
    return row;
  });
}

/** Creates a user (CLI, bootstrap, demo seed); the same schema guards the CLI and the admin UI. */
export async function createUser(ctx: SystemContext, input: unknown): Promise<CreatedUser> {
  return insertUser(ctx, parseInput(CreateUserInput, input));
}

/** Sets a user's password (CLI); clears a lockout. */
export async function setPassword(ctx: SystemContext, input: unknown): Promise<{ id: string; username: string }> {
  const { username, password, mustChange } = parseInput(SetPasswordInput, input);
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: mustChange, failedLoginAttempts: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(sql`lower(${users.username})`, username.toLowerCase()))
      .returning({ id: users.id, username: users.username });
    if (!row) throw new NotFoundError(`No user named "${username}".`, "unknown_user");
    await audit(tx, ctx, {
      action: "password_set",
      entityType: "user",
      entityId: row.id,
      details: { username: row.username, mustChange },
      critical: true,
    });
    return row;
  });
}
