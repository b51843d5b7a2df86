import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { CreatedUser } from "@/lib/dto/users";
import { can } from "@/lib/permissions";
import { AdminCreateUserInput, UserRef } from "@/lib/schemas/auth";
import { audit } from "../audit";
import { mailLeavesServer } from "../mail";
import { applyTemporaryPassword, mailResetLink } from "../auth/password-reset";
import type { ServiceContext } from "../service";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { insertUser } from "../users/mutations";
import { generatePassword, hashPassword } from "../users/passwords";
import { parseInput } from "../validation";

// Authorization lives in each verb too: a caller that forgot its guard still gets nothing.
function assertManager(ctx: ServiceContext): void {
  if (!can(ctx.actor.role, "users:manage")) throw new ForbiddenError();
}

async function readAccount(db: Db, userId: string) {
  const [row] = await db
    .select({ username: users.username, email: users.email, lockedUntil: users.lockedUntil, failedLoginAttempts: users.failedLoginAttempts })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new NotFoundError("No such user.", "unknown_user").say({}, "admin_no_such_user");
  return row;
}

/** Lifts a lockout and resets the failure counter. */
export async function unlockUser(ctx: ServiceContext, input: unknown): Promise<{ username: string }> {
  assertManager(ctx);
  const { userId } = parseInput(UserRef, input);
  const before = await readAccount(ctx.db, userId);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ failedLoginAttempts: 0, lockedUntil: null, updatedAt: new Date() }).where(eq(users.id, userId));
    await audit(tx, ctx, {
      action: "account_unlocked",
      entityType: "user",
      entityId: userId,
      before: { lockedUntil: before.lockedUntil, failedLoginAttempts: before.failedLoginAttempts },
      after: { lockedUntil: null, failedLoginAttempts: 0 },
      critical: true,
    });
  });
  return { username: before.username };
}

/** A new account with a random temporary password (shown once) that must be changed at first sign-in. */
export async function createUserWithTemporaryPassword(ctx: ServiceContext, input: unknown): Promise<CreatedUser & { temporaryPassword: string }> {
  assertManager(ctx);
  const account = parseInput(AdminCreateUserInput, input);
  const temporaryPassword = generatePassword(16);
  const row = await insertUser(ctx, { ...account, password: temporaryPassword }, { mustChangePassword: true });
  return { ...row, temporaryPassword };
}

/** Mails the user the same one-hour reset link they could ask for themselves. */
export async function sendResetLinkFor(ctx: ServiceContext, input: unknown): Promise<{ username: string }> {
  assertManager(ctx);
  const { userId } = parseInput(UserRef, input);
  const account = await readAccount(ctx.db, userId);
  if (!account.email) {
    throw new ConflictError("no_email", `${account.username} has no email address; set a temporary password instead.`).say({ username: account.username }, "admin_no_email");
  }
  // Without SMTP the link would only reach the outbox, masked (no admin may read a live link).
  if (!mailLeavesServer()) {
    throw new ConflictError("no_mail_server", `No mail server is set up (SMTP_URL), so a link cannot reach ${account.username}; set a temporary password instead.`).say(
      { username: account.username },
      "admin_no_mail_server",
    );
  }
  await mailResetLink(ctx, account.username);
  await audit(ctx.db, ctx, { action: "password_reset_link_sent", entityType: "user", entityId: userId });
  return { username: account.username };
}

/**
 * An admin's alternative to the mailed link: a random temporary password the user must change
 * at next sign-in. Ends the user's sessions and any pending reset links.
 */
export async function setTemporaryPassword(ctx: ServiceContext, input: unknown): Promise<{ username: string; temporaryPassword: string }> {
  assertManager(ctx);
  const { userId } = parseInput(UserRef, input);
  const temporaryPassword = generatePassword(16);
  const passwordHash = await hashPassword(temporaryPassword);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ username: users.username }).from(users).where(eq(users.id, userId)).for("update").limit(1);
    if (!user) throw new NotFoundError("No such user.", "unknown_user").say({}, "admin_no_such_user");
    const sessionsEnded = await applyTemporaryPassword(tx, userId, passwordHash);
    await audit(tx, ctx, {
      action: "password_temporary_set",
      entityType: "user",
      entityId: userId,
      details: { username: user.username, sessionsEnded },
      critical: true,
    });
    return { username: user.username, temporaryPassword };
  });
}
