import "server-only";
import { and, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { formatArea, type DispatchArea, type Role, type StaffRole } from "@/lib/domain";
import { audit } from "../audit";
import type { ServiceContext, SystemContext } from "../service";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { revokeTokensIssuedBy } from "../tokens/manage";

// The user lifecycle rules (DESIGN.md §2): at least one admin always; nobody changes their own
// role; a dispatcher needs an area; at most 10 dispatchers per area; a directory user's role
// follows the directory.

export const MAX_DISPATCHERS_PER_AREA = 10;

/** A role and the area that goes with it (only a dispatcher has one). */
export interface RolePlacement {
  role: Role;
  dispatchArea: DispatchArea | null;
}

type Conn = Db | Tx;

/**
 * Serialises every change that could break a rule counted over many rows (last admin, area
 * cap): two admins demoting each other, or two creations into one area, queue here instead of
 * both passing. Held until the caller's transaction ends.
 */
export async function lockUserRoles(tx: Conn): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('tracetrack:user-roles'))`);
}

/** Accounts that count: not deleted (anonymised) and not deactivated. */
const active = () => and(isNull(users.deletedAt), isNull(users.deactivatedAt));

async function countActiveAdmins(tx: Conn, except: string | null): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), active(), except ? ne(users.id, except) : undefined));
  return row?.n ?? 0;
}

async function countAreaDispatchers(tx: Conn, area: DispatchArea, except: string | null): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "dispatcher"), eq(users.dispatchArea, area), active(), except ? ne(users.id, except) : undefined));
  return row?.n ?? 0;
}

/** The area a role keeps: a dispatcher's own, nobody else's. */
export function placementOf(role: Role, dispatchArea: DispatchArea | null | undefined): RolePlacement {
  return { role, dispatchArea: role === "dispatcher" ? (dispatchArea ?? null) : null };
}

/**
 * The rules a new or changed placement must pass, counted under lockUserRoles (the caller took
 * it): a dispatcher has an area with room. `userId` is the account being placed (null: a new one);
 * `allowNoArea` lets self-registration create a dispatcher who waits for an area.
 */
export async function assertPlacementAllowed(
  tx: Conn,
  userId: string | null,
  target: RolePlacement,
  options: { allowNoArea?: boolean } = {},
): Promise<void> {
  if (target.role !== "dispatcher") return;
  if (!target.dispatchArea) {
    if (options.allowNoArea) return;
    throw new ValidationError("A dispatcher needs a dispatch area.", { dispatchArea: ["A dispatcher needs a dispatch area."] }, "area_required").say({}, "admin_area_required");
  }
  const taken = await countAreaDispatchers(tx, target.dispatchArea, userId);
  if (taken >= MAX_DISPATCHERS_PER_AREA) {
    throw new ConflictError(
      "area_full",
      `${formatArea(target.dispatchArea)} already has ${MAX_DISPATCHERS_PER_AREA} dispatchers, the most an area may have. Move or remove one first.`,
    ).say({ area: formatArea(target.dispatchArea), max: MAX_DISPATCHERS_PER_AREA }, "admin_area_full");
  }
}

/** Refuses to take the last active admin away (demotion, deletion); under lockUserRoles. */
export async function assertNotLastAdmin(tx: Conn, userId: string, what: string): Promise<void> {
  if ((await countActiveAdmins(tx, userId)) === 0) {
    throw new ConflictError("last_admin", `This is the last admin; ${what} would leave nobody to run TraceTrack. Make someone else an admin first.`).say(
      { what: what.startsWith("deleting") ? "delete" : "demote" },
      "admin_last_admin",
    );
  }
}

export interface AssignRoleOptions {
  /**
   * The directory sets this role at a sign-in (LDAP): the directory rule and the own-role rule
   * do not apply (the directory decides, and the user may be the one signing in).
   */
  fromDirectory?: boolean;
}

/**
 * Changes a staff member's role and area inside the caller's transaction, under the rules above.
 * Takes the user-roles lock first. A role change ends the user's sessions (their permissions
 * changed), and an admin who stops being one loses the API tokens they issued. Audited
 * `user_role_changed`. An unchanged placement changes nothing and writes nothing.
 */
export async function assignRole(
  tx: Db | Tx,
  ctx: ServiceContext | SystemContext,
  userId: string,
  change: { role: StaffRole; dispatchArea: DispatchArea | null; reason?: string },
  options: AssignRoleOptions = {},
): Promise<{ before: RolePlacement; after: RolePlacement }> {
  await lockUserRoles(tx);
  const [user] = await tx
    .select({ username: users.username, role: users.role, dispatchArea: users.dispatchArea, authSource: users.authSource, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, userId))
    .for("update")
    .limit(1);
  if (!user || user.deletedAt) throw new NotFoundError("That user could not be found. Reload the page.", "unknown_user").say({}, "admin_user_not_found");
  if (user.role === "customer") {
    throw new ConflictError("customer_account", "This is a customer account; its access is set under Admin → Customers.").say({}, "admin_customer_account_role");
  }
  const before = placementOf(user.role, user.dispatchArea);
  const after = placementOf(change.role, change.dispatchArea);
  if (before.role === after.role && before.dispatchArea === after.dispatchArea) return { before, after };

  if (!options.fromDirectory) {
    if (ctx.actor.id === userId) {
      throw new ConflictError("own_role", "You cannot change your own role or area; ask another admin.").say({}, "admin_own_role");
    }
    if (user.authSource === "ldap") {
      throw new ConflictError("directory_managed", `${user.username} signs in through the directory; their role follows their directory groups.`).say(
        { username: user.username },
        "admin_directory_role",
      );
    }
  }
  await assertPlacementAllowed(tx, userId, after);
  if (before.role === "admin" && after.role !== "admin") await assertNotLastAdmin(tx, userId, "demoting them");

  await tx.update(users).set({ role: after.role, dispatchArea: after.dispatchArea, updatedAt: new Date() }).where(eq(users.id, userId));
  const roleChanged = before.role !== after.role;
  // The session reads role and area from the user row at every request, so an area change is
  // seen at once; a new role ends the sessions so nobody keeps a page built for the old one.
  const sessionsEnded = roleChanged ? (await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ token: sessions.sessionToken })).length : 0;
  const tokensRevoked = before.role === "admin" && after.role !== "admin" ? await revokeTokensIssuedBy(tx, userId, ctx.actor.id) : 0;
  await audit(tx, ctx, {
    action: "user_role_changed",
    entityType: "user",
    entityId: userId,
    before,
    after,
    details: {
      username: user.username,
      ...(change.reason ? { reason: change.reason } : {}),
      ...(options.fromDirectory ? { source: "directory" } : {}),
      sessionsEnded,
      // (not "tokens…": the audit redaction drops keys that look like secrets)
      ...(tokensRevoked ? { apiKeysRevoked: tokensRevoked } : {}),
    },
    critical: true,
  });
  return { before, after };
}
