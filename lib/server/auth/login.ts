import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { writeAudit } from "../audit";
import type { PublicContext } from "../service";
import { burnPasswordCheck, verifyPassword } from "../users/passwords";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 30;

export type LoginResult =
  | { ok: true; userId: string; username: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; lockedUntil: Date };

/**
 * Checks a username/password pair with lockout. Unknown users and wrong passwords get the same
 * answer after the same bcrypt work; every attempt is audited.
 */
export async function checkPassword(ctx: PublicContext, username: string, password: string): Promise<LoginResult> {
  const { db, meta } = ctx;
  const [user] = await db
    .select({
      id: users.id,
      username: users.username,
      passwordHash: users.passwordHash,
      lockedUntil: users.lockedUntil,
    })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()))
    .limit(1);
  const audit = { ip: meta.ip, requestId: meta.requestId, entityType: "user" } as const;

  if (!user) {
    await burnPasswordCheck(password);
    await writeAudit(db, { ...audit, action: "login_failed_unknown_user", details: { username: username.slice(0, 64) } });
    return { ok: false, reason: "invalid" };
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    await burnPasswordCheck(password);
    await writeAudit(db, { ...audit, action: "login_blocked_locked", userId: user.id, actor: user.username, entityId: user.id });
    return { ok: false, reason: "locked", lockedUntil: user.lockedUntil };
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    // One atomic statement, so parallel failures cannot under-count.
    const [after] = await db
      .update(users)
      .set({
        failedLoginAttempts: sql`case when ${users.lockedUntil} is not null and ${users.lockedUntil} <= now() then 1 else ${users.failedLoginAttempts} + 1 end`,
        lastFailedLoginAt: sql`now()`,
        lockedUntil: sql`case
          when ${users.lockedUntil} is not null and ${users.lockedUntil} <= now() then null
          when ${users.failedLoginAttempts} + 1 >= ${MAX_FAILED_LOGINS} then now() + make_interval(mins => ${LOCKOUT_MINUTES})
          else ${users.lockedUntil} end`,
      })
      .where(eq(users.id, user.id))
      .returning({ attempts: users.failedLoginAttempts, lockedUntil: users.lockedUntil });
    const locked = after?.lockedUntil && after.lockedUntil.getTime() > Date.now();
    await writeAudit(db, {
      ...audit,
      action: locked ? "account_locked" : "login_failed_bad_password",
      userId: user.id,
      actor: user.username,
      entityId: user.id,
      details: { attempts: after?.attempts },
      critical: Boolean(locked),
    });
    return locked && after?.lockedUntil ? { ok: false, reason: "locked", lockedUntil: after.lockedUntil } : { ok: false, reason: "invalid" };
  }
  await db
    .update(users)
    .set({ failedLoginAttempts: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(eq(users.id, user.id));
  await writeAudit(db, { ...audit, action: "login_success", userId: user.id, actor: user.username, entityId: user.id });
  return { ok: true, userId: user.id, username: user.username };
}
