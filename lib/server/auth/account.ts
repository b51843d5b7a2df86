import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { sessions, users } from "@/db/schema";
import { ChangePasswordInput, safeNextPath } from "@/lib/schemas/auth";
import { audit } from "../audit";
import type { ServiceContext } from "../service";
import { NotFoundError, ValidationError } from "../errors";
import { hashPassword, verifyPassword } from "../users/passwords";
import { parseInput } from "../validation";
import { spendAttempt } from "./attempts";

const NOT_CURRENT = "That is not your current password.";

/**
 * A signed-in user replaces their password, proving the current one (a wrong one is refused and
 * audited). Clears a forced change and any lockout, and signs out every OTHER session (this one
 * stays). After a forced change the user goes on where they were held from (`redirectTo`).
 */
export async function changeOwnPassword(ctx: ServiceContext, input: unknown): Promise<{ redirectTo: string | null }> {
  const { db, actor, meta } = ctx;
  const { current, password, next } = parseInput(ChangePasswordInput, input);
  // The current password is a guessable secret: it shares the sign-in budget of the account.
  await spendAttempt("login", { ip: meta.ip, account: actor.username });
  const [user] = await db
    .select({ passwordHash: users.passwordHash, forced: users.mustChangePassword })
    .from(users)
    .where(eq(users.id, actor.id))
    .limit(1);
  if (!user) throw new NotFoundError("No such user.", "unknown_user").say({}, "auth_no_such_user");
  const aboutSelf = { entityType: "user", entityId: actor.id } as const;
  if (!(await verifyPassword(current, user.passwordHash))) {
    await audit(db, ctx, { ...aboutSelf, action: "password_change_failed", details: { reason: "wrong_current_password" } });
    throw new ValidationError(NOT_CURRENT, { current: [NOT_CURRENT] }, "wrong_password").say({}, "auth_not_current_password");
  }
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, failedLoginAttempts: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(users.id, actor.id));
    // Without a session of its own (a script), the caller keeps none: every session ends.
    const others = ctx.sessionToken ? ne(sessions.sessionToken, ctx.sessionToken) : undefined;
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.id), others))
      .returning({ userId: sessions.userId });
    await audit(tx, ctx, { ...aboutSelf, action: "password_changed", details: { otherSessionsEnded: ended.length }, critical: true });
  });
  return { redirectTo: user.forced ? safeNextPath(next) : null };
}
