import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { NewPassword } from "@/lib/schemas/auth";
import { type AuditMeta, writeAudit } from "../audit";
import { NotFoundError } from "../errors";
import { hashPassword, verifyPassword } from "../users/passwords";
import { parseInput } from "../validation";

export interface AccountActor {
  id: string;
  username: string;
  sessionToken: string;
}

/**
 * A signed-in user replaces their password, proving the current one. Clears a forced change and
 * any lockout, and signs out every OTHER session (this one stays). False for a wrong password.
 */
export async function changeOwnPassword(db: Db, actor: AccountActor, current: string, next: unknown, meta: AuditMeta): Promise<boolean> {
  const password = parseInput(NewPassword, next);
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id)).limit(1);
  if (!user) throw new NotFoundError("No such user.", "unknown_user");
  const audit = { ...meta, userId: actor.id, actor: actor.username, entityType: "user", entityId: actor.id } as const;
  if (!(await verifyPassword(current, user.passwordHash))) {
    await writeAudit(db, { ...audit, action: "password_change_failed", details: { reason: "wrong_current_password" } });
    return false;
  }
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, failedLoginAttempts: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(users.id, actor.id));
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.id), ne(sessions.sessionToken, actor.sessionToken)))
      .returning({ userId: sessions.userId });
    await writeAudit(tx, { ...audit, action: "password_changed", details: { otherSessionsEnded: ended.length }, critical: true });
  });
  return true;
}
