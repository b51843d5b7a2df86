import "server-only";
import { eq, or, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { writeAudit } from "../audit";
import type { Db } from "@/db/client";
import { hasControlCharacters } from "@/lib/directory";
import type { ErrorText } from "../errors";
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
  | { ok: false; reason: "refused"; message: string; text: ErrorText };

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
  if (account?.authSource === "local") return checkAccountPassword(ctx, typed, account, password);
  return checkDirectoryCredentials(ctx, directory, typed, account, password);
}

/** Records a refused attempt of the account in the sign-in analytics (login_events). */
export type FailedAttempt = (reason: LoginEventReason) => Promise<void>;

/** How the refusal helpers file their audit rows: the request, the account, and extra details (e.g. the directory as source). */
interface AttemptAudit {
  ip: string | null;
  requestId: string | null;
  details?: Record<string, unknown>;
}

function auditOf(account: SignInAccount, at: AttemptAudit) {
  return { ip: at.ip, requestId: at.requestId, entityType: "user", userId: account.id, actor: account.username, entityId: account.id } as const;
}

/**
 * The refusals an account gets before its password is looked at, after the same bcrypt work as
 * a wrong one: a deactivated or deleted account (DESIGN.md §8) as a wrong password, a locked one
 * as locked. Null when neither; the password check (here or the directory's) comes next.
 */
export async function refuseBlockedAccount(db: Db, account: SignInAccount, password: string, failed: FailedAttempt, at: AttemptAudit): Promise<LoginResult | null> {
  const details = at.details ? { details: at.details } : {};
  if (account.deactivatedAt || account.deletedAt) {
    await burnPasswordCheck(password);
    await writeAudit(db, { ...auditOf(account, at), action: "login_blocked_deactivated", ...details });
    await failed("deactivated");
    return { ok: false, reason: "invalid" };
  }
  if (account.lockedUntil && isLocked(account.lockedUntil)) {
    await burnPasswordCheck(password);
    await writeAudit(db, { ...auditOf(account, at), action: "login_blocked_locked", ...details });
    await failed("locked");
    return { ok: false, reason: "locked", lockedUntil: account.lockedUntil };
  }
  return null;
}

/** A wrong password of a known account: counted towards the lockout and audited; "locked" once it locks. */
export async function refuseWrongPassword(ctx: PublicContext, account: SignInAccount, failed: FailedAttempt, at: AttemptAudit): Promise<LoginResult> {
  await failed("bad_password");
  const after = await countFailure(ctx, account, "password");
  // The failure that locks is audited as account_locked by countFailure.
  if (!after.justLocked) {
    await writeAudit(ctx.db, { ...auditOf(account, at), action: "login_failed_bad_password", details: { attempts: after.attempts, ...at.details } });
  }
  return after.lockedUntil && isLocked(after.lockedUntil) ? { ok: false, reason: "locked", lockedUntil: after.lockedUntil } : { ok: false, reason: "invalid" };
}

/**
 * Checks a username/password pair with lockout. Unknown users, wrong passwords and locked
 * accounts all cost the same bcrypt work (the caller answers them alike); every attempt is
 * audited. A 2FA user's failure count is cleared only once the second factor passes too.
 */
export async function checkPassword(ctx: PublicContext, username: string, password: string): Promise<LoginResult> {
  return checkAccountPassword(ctx, username, await findAccount(ctx.db, username), password);
}

/** checkPassword for the account `username` found (null: none), looked up once by the caller. */
async function checkAccountPassword(ctx: PublicContext, username: string, user: SignInAccount | null, password: string): Promise<LoginResult> {
  const { db, meta } = ctx;
  const at = { ip: meta.ip, requestId: meta.requestId };
  const failed: FailedAttempt = (reason) => recordLoginEvent(db, meta, { userId: user?.id ?? null, identifier: username, success: false, reason });

  if (!user) {
    await burnPasswordCheck(password);
    await writeAudit(db, { ...at, entityType: "user", action: "login_failed_unknown_user", details: { username: username.slice(0, 64) } });
    await failed("unknown_user");
    return { ok: false, reason: "invalid" };
  }
  const blocked = await refuseBlockedAccount(db, user, password, failed, at);
  if (blocked) return blocked;
  if (!(await verifyPassword(password, user.passwordHash))) return refuseWrongPassword(ctx, user, failed, at);
  if (!user.totpEnabled) await clearFailures(ctx, user.id);
  await writeAudit(db, { ...auditOf(user, at), action: "login_success" });
  return { ok: true, userId: user.id, username: user.username };
}
