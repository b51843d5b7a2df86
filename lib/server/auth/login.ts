import "server-only";
import { eq, or, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { writeAudit } from "../audit";
import type { PublicContext } from "../service";
import { burnPasswordCheck, verifyPassword } from "../users/passwords";
import { clearFailures, countFailure, isLocked } from "./lockout";
import { recordLoginEvent, type LoginEventReason } from "./login-events";


export type LoginResult =
  | { ok: true; userId: string; username: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; lockedUntil: Date };

/**
 * Checks a username/password pair with lockout. Unknown users, wrong passwords and locked
 * accounts all cost the same bcrypt work (the caller answers them alike); every attempt is
 * audited. A 2FA user's failure count is cleared only once the second factor passes too.
 */
export async function checkPassword(ctx: PublicContext, username: string, password: string): Promise<LoginResult> {
  const { db, meta } = ctx;
  const [user] = await db
    .select({
      id: users.id,
      username: users.username,
      passwordHash: users.passwordHash,
      lockedUntil: users.lockedUntil,
      totpEnabled: users.totpEnabled,
      deactivatedAt: users.deactivatedAt,
    })
    .from(users)
    // "Username or email": staff names carry no "@", and a customer account's name is its address.
    .where(or(eq(sql`lower(${users.username})`, username.toLowerCase()), eq(sql`lower(${users.email})`, username.toLowerCase())))
    .limit(1);
  const audit = { ip: meta.ip, requestId: meta.requestId, entityType: "user" } as const;
  const failed = (reason: LoginEventReason) => recordLoginEvent(db, meta, { userId: user?.id ?? null, identifier: username, success: false, reason });

  if (!user) {
    await burnPasswordCheck(password);
    await writeAudit(db, { ...audit, action: "login_failed_unknown_user", details: { username: username.slice(0, 64) } });
    await failed("unknown_user");
    return { ok: false, reason: "invalid" };
  }
  const who = { ...audit, userId: user.id, actor: user.username, entityId: user.id };
  // A deactivated account (DESIGN.md §8) is answered like a wrong password, after the same work.
  if (user.deactivatedAt) {
    await burnPasswordCheck(password);
    await writeAudit(db, { ...who, action: "login_blocked_deactivated" });
    await failed("deactivated");
    return { ok: false, reason: "invalid" };
  }
  if (user.lockedUntil && isLocked(user.lockedUntil)) {
    await burnPasswordCheck(password);
    await writeAudit(db, { ...who, action: "login_blocked_locked" });
    await failed("locked");
    return { ok: false, reason: "locked", lockedUntil: user.lockedUntil };
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    await failed("bad_password");
    const after = await countFailure(ctx, user, "password");
    // The failure that locks is audited as account_locked by countFailure.
    if (!after.justLocked) await writeAudit(db, { ...who, action: "login_failed_bad_password", details: { attempts: after.attempts } });
    return after.lockedUntil && isLocked(after.lockedUntil) ? { ok: false, reason: "locked", lockedUntil: after.lockedUntil } : { ok: false, reason: "invalid" };
  }
  if (!user.totpEnabled) await clearFailures(ctx, user.id);
  await writeAudit(db, { ...who, action: "login_success" });
  return { ok: true, userId: user.id, username: user.username };
}
