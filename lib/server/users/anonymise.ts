import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, sql, type AnyColumn } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  accounts,
  auditLog,
  backupCodes,
  loginEvents,
  outbox,
  passwordResetTokens,
  pendingSignIns,
  promotionRequests,
  sessions,
  userCustomers,
  users,
} from "@/db/schema";
import type { DeletedUser } from "@/lib/dto/users";
import { can } from "@/lib/permissions";
import { DeleteUserInput } from "@/lib/schemas/users";
import { audit } from "../audit";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { revokeTokensIssuedBy } from "../tokens/manage";
import { hashPassword } from "./passwords";
import { assertNotLastAdmin, lockUserRoles } from "./roles";

/** The stable name a deleted account keeps: the same id always gives the same pseudonym. */
export function pseudonymOf(userId: string): string {
  return `deleted-${createHash("sha256").update(userId).digest("hex").slice(0, 8)}`;
}

// PostgreSQL regular expressions (ARE) take the same escapes as JavaScript's.
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A JSON string equal to one of `values`, any case: `"alice"` but not `"alice2"`. */
const jsonStringPattern = (values: string[]) => `"(${values.map(escapeRegex).join("|")})"`;

/** Every name the account went by: now, and before each rename (audit `user_updated`). */
async function namesOf(tx: Tx, userId: string, current: string): Promise<string[]> {
  const rows = await tx
    .select({ before: sql<string | null>`${auditLog.before}->>'username'`, after: sql<string | null>`${auditLog.after}->>'username'` })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "user"), eq(auditLog.entityId, userId), eq(auditLog.action, "user_updated")));
  const names = new Set([current.toLowerCase()]);
  for (const row of rows) for (const name of [row.before, row.after]) if (name) names.add(name.toLowerCase());
  return [...names];
}

/**
 * The audit rows of the user (as actor, or about them as an entity, or a refused sign-in under
 * their name) keep their action, time and ids; the actor becomes the pseudonym, and any JSON
 * string equal to one of their names becomes the pseudonym, to their e-mail address null.
 */
async function anonymiseAuditRows(tx: Tx, userId: string, names: string[], email: string | null, pseudonym: string): Promise<void> {
  const namePattern = jsonStringPattern(names);
  const emailValue = email ? `(:\\s*)${jsonStringPattern([email])}` : null;
  const scrub = (column: AnyColumn) => {
    let text = sql`${column}::text`;
    // An address as a value becomes null; anywhere else (a key, an array) the pseudonym.
    if (emailValue && email) {
      text = sql`regexp_replace(${text}, ${emailValue}, ${"\\1null"}, 'gi')`;
      text = sql`regexp_replace(${text}, ${jsonStringPattern([email])}, ${`"${pseudonym}"`}, 'gi')`;
    }
    return sql`regexp_replace(${text}, ${namePattern}, ${`"${pseudonym}"`}, 'gi')::jsonb`;
  };
  const lowered = sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  );
  await tx
    .update(auditLog)
    .set({
      actor: sql`case when ${auditLog.userId} = ${userId} or lower(${auditLog.actor}) in (${lowered}) then ${pseudonym} else ${auditLog.actor} end`,
      before: scrub(auditLog.before),
      after: scrub(auditLog.after),
      details: scrub(auditLog.details),
    })
    .where(
      sql`${auditLog.userId} = ${userId}
        or (${auditLog.entityType} = 'user' and ${auditLog.entityId} = ${userId})
        or (${auditLog.action} = 'login_failed_unknown_user' and lower(${auditLog.details}->>'username') in (${lowered}))`,
    );
}

/**
 * Deletes a user by anonymising them: the row stays (scans, bills and audit rows keep their user
 * id and counts) under a pseudonym, with no e-mail, no usable password, no 2FA, no sessions, no
 * reset links, no API tokens. Their old username is free again. Not oneself, not the last admin.
 * Audited `user_deleted` (critical) under the pseudonym.
 */
export async function deleteUser(ctx: ServiceContext, input: unknown): Promise<DeletedUser> {
  if (!can(ctx.actor.role, "users:manage")) throw new ForbiddenError();
  const { userId, confirm } = parseInput(DeleteUserInput, input);
  if (ctx.actor.id === userId) throw new ConflictError("own_account", "You cannot delete your own account; ask another admin.").say({}, "admin_own_account");
  const pseudonym = pseudonymOf(userId);
  // Nobody knows this password: the account can never sign in with one again.
  const unusableHash = await hashPassword(randomBytes(32).toString("base64url"));
  return ctx.db.transaction(async (tx) => {
    await lockUserRoles(tx);
    const [user] = await tx
      .select({ username: users.username, email: users.email, role: users.role, deletedAt: users.deletedAt, deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(eq(users.id, userId))
      .for("update")
      .limit(1);
    if (!user || user.deletedAt) throw new NotFoundError("That user could not be found. Reload the page.", "unknown_user").say({}, "admin_user_not_found");
    if (confirm !== undefined && confirm.toLowerCase() !== user.username.toLowerCase()) {
      const message = `Type the username ${user.username} exactly to confirm.`;
      throw new ValidationError(message, { confirm: [message] }, "confirmation_mismatch").say({ username: user.username }, "admin_confirmation_mismatch");
    }
    if (user.role === "admin" && !user.deactivatedAt) await assertNotLastAdmin(tx, userId, "deleting them");

    const names = await namesOf(tx, userId, user.username);
    const now = new Date();
    await tx
      .update(users)
      .set({
        username: pseudonym,
        name: null,
        email: null,
        emailVerified: null,
        image: null,
        passwordHash: unusableHash,
        totpSecret: null,
        totpEnabled: false,
        totpLastStep: null,
        mustChangePassword: false,
        failedLoginAttempts: 0,
        lockedUntil: null,
        allCustomers: false,
        deletedAt: now,
        deactivatedAt: user.deactivatedAt ?? now,
        updatedAt: now,
      })
      .where(eq(users.id, userId));
    const sessionsEnded = (await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ userId: sessions.userId })).length;
    await tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, userId));
    await tx.delete(accounts).where(eq(accounts.userId, userId));
    await tx.delete(backupCodes).where(eq(backupCodes.userId, userId));
    await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, userId));
    await tx.delete(promotionRequests).where(eq(promotionRequests.userId, userId));
    await tx.delete(userCustomers).where(eq(userCustomers.userId, userId));
    await revokeTokensIssuedBy(tx, userId, ctx.actor.id, now);
    if (user.email) await tx.delete(outbox).where(eq(sql`lower(${outbox.to})`, user.email.toLowerCase()));

    await anonymiseAuditRows(tx, userId, names, user.email, pseudonym);
    const identifiers = [...names, ...(user.email ? [user.email.toLowerCase()] : [])];
    await tx
      .update(loginEvents)
      .set({ identifier: pseudonym })
      .where(
        sql`${loginEvents.userId} = ${userId} or lower(${loginEvents.identifier}) in (${sql.join(
          identifiers.map((n) => sql`${n}`),
          sql`, `,
        )})`,
      );

    await audit(tx, ctx, {
      action: "user_deleted",
      entityType: "user",
      entityId: userId,
      before: { role: user.role },
      details: { username: pseudonym, sessionsEnded },
      critical: true,
    });
    return { id: userId, pseudonym };
  });
}
