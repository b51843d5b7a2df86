import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { users } from "@/db/schema";
import type { EditableUser } from "@/lib/dto/users";
import { can } from "@/lib/permissions";
import { UpdateUserInput } from "@/lib/schemas/users";
import { audit } from "../audit";
import { inTransaction, type ConstraintErrors } from "../db-errors";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { assignRole, lockUserRoles, type RolePlacement } from "./roles";

const EDITABLE = {
  id: users.id,
  username: users.username,
  email: users.email,
  role: users.role,
  dispatchArea: users.dispatchArea,
  authSource: users.authSource,
};

const gone = () => new NotFoundError("That user could not be found. Reload the page.", "unknown_user").say({}, "admin_user_not_found");
const duplicateUsername = (name: string) =>
  new ConflictError("duplicate_username", `The username "${name}" is already taken.`).say({ username: name }, "admin_duplicate_username");
const duplicateEmail = (email: string) =>
  new ConflictError("duplicate_email", `The email address ${email} already belongs to another user.`).say({ email }, "admin_duplicate_email");

/** A user as the edit page shows them; deleted (anonymised) accounts are gone. */
export async function getEditableUser(db: Db, userId: string): Promise<EditableUser | null> {
  const [row] = await db
    .select(EDITABLE)
    .from(users)
    .where(and(eq(users.id, userId), sql`${users.deletedAt} is null`))
    .limit(1);
  return row ?? null;
}

async function taken(tx: Tx, column: typeof users.username | typeof users.email, value: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(sql`lower(${column})`, value.toLowerCase()), ne(users.id, userId)))
    .limit(1);
  return Boolean(row);
}

/**
 * Edits a staff member: username and e-mail (unique case-insensitively), role and area through
 * assignRole (its rules). All or nothing, one transaction under the user-roles lock, so two
 * admins editing at once queue. Audited `user_updated` with what changed.
 */
export async function updateUser(ctx: ServiceContext, input: unknown): Promise<EditableUser> {
  if (!can(ctx.actor.role, "users:manage")) throw new ForbiddenError();
  const { userId, username, email, role, dispatchArea } = parseInput(UpdateUserInput, input);
  // Someone outside the lock (a sign-up) may take the name or address between the check and the write.
  const conflicts: ConstraintErrors = {};
  if (username) conflicts.users_username_ci_unique = () => duplicateUsername(username);
  if (email) conflicts.users_email_ci_unique = () => duplicateEmail(email);
  return inTransaction(ctx.db, conflicts, async (tx) => {
    // The lock before the row, in the order assignRole and deleteUser take them.
    await lockUserRoles(tx);
    const [user] = await tx
      .select({ ...EDITABLE, deletedAt: users.deletedAt })
      .from(users)
      .where(eq(users.id, userId))
      .for("update")
      .limit(1);
    if (!user || user.deletedAt) throw gone();
    if (user.role === "customer") {
      throw new ConflictError("customer_account", "This is a customer account; edit it under Admin → Customers.").say({}, "admin_customer_account_edit");
    }
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    if (username !== undefined && username !== user.username) {
      if (user.authSource === "ldap") {
        throw new ConflictError("directory_managed", `${user.username} signs in through the directory; their username comes from it.`).say(
          { username: user.username },
          "admin_directory_username",
        );
      }
      if (await taken(tx, users.username, username, userId)) throw duplicateUsername(username);
      before.username = user.username;
      after.username = username;
    }
    if (email !== undefined && (email ?? null) !== user.email) {
      if (email && (await taken(tx, users.email, email, userId))) throw duplicateEmail(email);
      before.email = user.email;
      after.email = email;
    }
    if (Object.keys(after).length > 0) {
      await tx
        .update(users)
        .set({ ...after, ...(after.username ? { name: after.username } : {}), updatedAt: new Date() })
        .where(eq(users.id, userId));
      await audit(tx, ctx, {
        action: "user_updated",
        entityType: "user",
        entityId: userId,
        before,
        after,
        details: { username: after.username ?? user.username },
      });
    }
    let placement: RolePlacement = { role: user.role, dispatchArea: user.dispatchArea };
    if (role !== undefined || dispatchArea !== undefined) {
      const nextRole = role ?? user.role;
      const nextArea = dispatchArea !== undefined ? dispatchArea : user.dispatchArea;
      ({ after: placement } = await assignRole(tx, ctx, userId, { role: nextRole, dispatchArea: nextArea }));
    }
    return {
      id: userId,
      username: after.username ?? user.username,
      email: "email" in after ? (after.email ?? null) : user.email,
      role: placement.role,
      dispatchArea: placement.dispatchArea,
      authSource: user.authSource,
    };
  });
}
