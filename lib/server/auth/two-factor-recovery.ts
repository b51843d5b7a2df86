import "server-only";
import { and, eq } from "drizzle-orm";
import { pendingSignIns, sessions, users } from "@/db/schema";
import type { BackupCodes } from "@/lib/dto/account";
import { can } from "@/lib/permissions";
import { RegenerateBackupCodesInput, ResetTwoFactorInput } from "@/lib/schemas/two-factor";
import { audit } from "../audit";
import type { ServiceContext } from "../service";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { verifyPassword } from "../users/passwords";
import { parseInput } from "../validation";
import { APP_LIMITER, spendAttempt, type LimitCheck } from "./attempts";
import { BACKUP_CODE_COUNT, replaceBackupCodes } from "./backup-codes";
import { clearTwoFactor, verifyTotp } from "./totp";

// 2FA recovery (issue 17): an admin resets a user who lost their phone; a user whose backup codes
// ran low (or leaked) replaces them. Both prove a current code of the one acting, which
// verifyTotp accepts once (the step is claimed), and both spend the 2fa-verify budget.

const WRONG_OWN_CODE = "That code did not match. Enter the newest code your authenticator app shows.";
const WRONG_PASSWORD = "That is not your current password.";

const wrongCode = () => new ValidationError(WRONG_OWN_CODE, { code: [WRONG_OWN_CODE] }, "invalid_code").say({}, "auth_own_code_mismatch");
const userGone = () => new NotFoundError("That user could not be found. Reload the page.", "unknown_user").say({}, "auth_user_not_found");

export interface TwoFactorReset {
  username: string;
  sessionsEnded: number;
  backupCodesRemoved: number;
}

/**
 * An admin turns off another user's 2FA, proving their own current TOTP code: clears the secret
 * and the backup codes, ends the user's sessions and pending sign-in steps. An admin target must
 * enrol again at their next sign-in (the guards' 2fa duty). Never on oneself: Profile does that.
 */
export async function resetTwoFactorByAdmin(ctx: ServiceContext, input: unknown, limiter: LimitCheck = APP_LIMITER): Promise<TwoFactorReset> {
  if (!can(ctx.actor.role, "users:manage")) throw new ForbiddenError();
  const { userId, code } = parseInput(ResetTwoFactorInput, input);
  if (userId === ctx.actor.id) {
    throw new ConflictError("own_account", "You cannot reset your own two-factor authentication here; use Profile → Two-factor authentication.").say({}, "auth_own_account");
  }
  const [target] = await ctx.db
    .select({ username: users.username, enabled: users.totpEnabled, secret: users.totpSecret, deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!target || target.deletedAt) throw userGone();
  // Checked before the code is looked at, so a pointless reset does not spend the admin's code.
  if (!target.enabled && !target.secret) {
    throw new ConflictError("totp_not_enabled", `${target.username} has no two-factor authentication to reset.`).say({ username: target.username }, "auth_no_totp_to_reset");
  }
  await spendAttempt("2fa-verify", { ip: ctx.meta.ip, account: ctx.actor.id }, "code attempts", limiter);
  if (!(await verifyTotp(ctx, ctx.actor.id, code))) throw wrongCode();

  return ctx.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ username: users.username, enabled: users.totpEnabled, deletedAt: users.deletedAt })
      .from(users)
      .where(eq(users.id, userId))
      .for("update")
      .limit(1);
    if (!locked || locked.deletedAt) throw userGone();
    const backupCodesRemoved = await clearTwoFactor(tx, userId);
    const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ userId: sessions.userId });
    // A sign-in waiting at the code step would otherwise go on against the old secret's state.
    await tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, userId));
    const result = { username: locked.username, sessionsEnded: ended.length, backupCodesRemoved };
    await audit(tx, ctx, {
      action: "2fa_reset_by_admin",
      entityType: "user",
      entityId: userId,
      before: { twoFactor: locked.enabled },
      after: { twoFactor: false },
      details: result,
      critical: true,
    });
    return result;
  });
}

/**
 * The signed-in user replaces their backup codes, proving their password and a current TOTP
 * code. Every old code stops working in the same transaction that stores the new ones, which
 * are returned this once.
 */
export async function regenerateBackupCodes(ctx: ServiceContext, input: unknown, limiter: LimitCheck = APP_LIMITER): Promise<BackupCodes> {
  const { actor } = ctx;
  const { password, code } = parseInput(RegenerateBackupCodesInput, input);
  await spendAttempt("2fa-verify", { ip: ctx.meta.ip, account: actor.id }, "attempts", limiter);
  const [user] = await ctx.db
    .select({ passwordHash: users.passwordHash, enabled: users.totpEnabled })
    .from(users)
    .where(eq(users.id, actor.id))
    .limit(1);
  if (!user) throw new NotFoundError("No such user.", "unknown_user").say({}, "auth_no_such_user");
  if (!user.enabled) throw new ConflictError("totp_not_enabled", "Two-factor authentication is off, so there are no backup codes. Set it up first.").say({}, "auth_totp_off_no_codes");
  const aboutSelf = { entityType: "user", entityId: actor.id } as const;
  // The password first: a wrong one does not spend the code's time step.
  if (!(await verifyPassword(password, user.passwordHash))) {
    await audit(ctx.db, ctx, { ...aboutSelf, action: "backup_codes_regenerate_failed", details: { reason: "wrong_password" } });
    throw new ValidationError(WRONG_PASSWORD, { password: [WRONG_PASSWORD] }, "wrong_password").say({}, "auth_not_current_password");
  }
  if (!(await verifyTotp(ctx, actor.id, code))) throw wrongCode();

  return ctx.db.transaction(async (tx) => {
    // 2FA may have been turned off (or reset by an admin) since the code was checked.
    const [still] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, actor.id), eq(users.totpEnabled, true)))
      .for("update")
      .limit(1);
    if (!still) throw new ConflictError("totp_not_enabled", "Two-factor authentication was turned off meanwhile; set it up again.").say({}, "auth_totp_turned_off");
    const codes = await replaceBackupCodes(tx, actor.id);
    await audit(tx, ctx, { ...aboutSelf, action: "backup_codes_regenerated", details: { count: BACKUP_CODE_COUNT }, critical: true });
    return { backupCodes: codes };
  });
}
