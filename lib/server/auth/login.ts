import "server-only";
import { eq, or, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { writeAudit } from "../audit";
import type { Db } from "@/db/client";
import { hasControlCharacters } from "@/lib/directory";
import type { PublicContext } from "../service";
import { burnPasswordCheck, verifyPassword } from "../users/passwords";
import { checkDirectoryCredentials } from "./ldap";
import { directoryConfig } from "./ldap-client";
import { clearFailures, countFailure, isLocked } from "./lockout";
import { recordLoginEvent, type LoginEventReason } from "./login-events";

export type LoginResult =
  | { ok: true; userId: string; username: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; lockedUntil: Date }
  /** Directory sign-in only: the directory did not answer in time (local accounts still work). */
  | { ok: false; reason: "directory_unavailable" }
  /** Directory sign-in only: right password, but the role its groups give breaks a rule here (message says which). */
  | { ok: false; reason: "refused"; message: string };

/** What a sign-in needs of an account (the password form and the directory read the same). */
export const SIGN_IN_ACCOUNT = {
  id: users.id,
  username: users.username,
  passwordHash: users.passwordHash,
  lockedUntil: users.lockedUntil,
  totpEnabled: users.totpEnabled,
  deactivatedAt: users.deactivatedAt,
  deletedAt: users.deletedAt,
  authSource: users.authSource,
};

/** What a sign-in needs of an account, found by its username or e-mail address as typed. */
export async function findAccount(db: Db, identifier: string) {
  const [user] = await db
    .select(SIGN_IN_ACCOUNT)
    .from(users)
    // "Username or email": staff names carry no "@", and a customer account's name is its address.
    .where(or(eq(sql`lower(${users.username})`, identifier.toLowerCase()), eq(sql`lower(${users.email})`, identifier.toLowerCase())))
    .limit(1);
  return user ?? null;
}
export type SignInAccount = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

/**
 * The password step's credential check. Without a directory, or for a local account (matched
 * by exactly what was typed), the password here; otherwise the directory (ldap.ts), so local
 * admins sign in while the directory is down and a local account is never tried against it.
 */
export async function checkCredentials(ctx: PublicContext, typed: string, password: string, directory = directoryConfig()): Promise<LoginResult> {
  if (!directory) return checkPassword(ctx, typed, password);
  // Refused by the directory path before any query (the form refuses these already).
  if (hasControlCharacters(typed)) return checkDirectoryCredentials(ctx, directory, typed, null, password);
  const account = await findAccount(ctx.db, typed);
  if (account?.authSource === "local") return checkPassword(ctx, typed, password);
  return checkDirectoryCredentials(ctx, directory, typed, account, password);
}

/**
 * Checks a username/password pair with lockout. Unknown users, wrong passwords and locked
 * accounts all cost the same bcrypt work (the caller answers them alike); every attempt is
 * audited. A 2FA user's failure count is cleared only once the second factor passes too.
 */
export async function checkPassword(ctx: PublicContext, username: string, password: string): Promise<LoginResult> {
  const { db, meta } = ctx;
  const user = await findAccount(db, username);
  const audit = { ip: meta.ip, requestId: meta.requestId, entityType: "user" } as const;
  const failed = (reason: LoginEventReason) => recordLoginEvent(db, meta, { userId: user?.id ?? null, identifier: username, success: false, reason });

  if (!user) {
    await burnPasswordCheck(password);
    await writeAudit(db, { ...audit, action: "login_failed_unknown_user", details: { username: username.slice(0, 64) } });
    await failed("unknown_user");
    return { ok: false, reason: "invalid" };
  }
  const who = { ...audit, userId: user.id, actor: user.username, entityId: user.id };
  // A deactivated or deleted account (DESIGN.md §8) is answered like a wrong password, after the same work.
  if (user.deactivatedAt || user.deletedAt) {
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
