import "server-only";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { NextStep } from "@/lib/dto/account";
import { directoryName } from "@/lib/directory";
import { LoginInput, safeNextPath, TwoFactorCodeInput } from "@/lib/schemas/auth";
import { writeAudit } from "../audit";
import type { PublicContext } from "../service";
import { AppError, ForbiddenError, ValidationError, type ErrorText } from "../errors";
import { LIMITS, type LimitResult } from "../rate-limit/limits";
import { burnPasswordCheck } from "../users/passwords";
import { parseInput } from "../validation";
import { APP_LIMITER, tooManyAttemptsError, type LimitCheck } from "./attempts";
// Aliased: a `use…` name reads as a React hook to the linter; this is a plain async function.
import { useBackupCode as redeemBackupCode } from "./backup-codes";
import { DUTY_PAGES, pendingDuty, type Duty } from "./guards";
import { clearFailures, countFailure, isLocked } from "./lockout";
import { directoryUnavailable } from "./ldap";
import { directoryConfig } from "./ldap-client";
import { checkCredentials } from "./login";
import { recordLoginEvent } from "./login-events";
import { startSession } from "./own-session";
import { claimPending2fa, clearPending2fa, readPending2fa, setPending2fa, type PendingUser } from "./pending-2fa";
import { verifyTotp } from "./totp";

export type LoginOutcome =
  | { kind: "signed_in"; userId: string; username: string; duty: Duty | null }
  | { kind: "second_factor"; userId: string; username: string; passwordHash: string }
  | { kind: "invalid" }
  | { kind: "locked"; lockedUntil: Date }
  | { kind: "rate_limited"; retryAfterS: number }
  | { kind: "directory_unavailable" }
  | { kind: "refused"; message: string; text: ErrorText };

export const WRONG_CREDENTIALS = "Wrong username or password.";
export const EXPIRED_STEP = "This sign-in step has expired. Please sign in again.";
export const WRONG_CODE = "That code is not valid or has already been used.";

async function limited(ctx: PublicContext, result: LimitResult, action: string, userId: string | null, details: Record<string, unknown>) {
  if (result.ok) return null;
  const { ip, requestId } = ctx.meta;
  await writeAudit(ctx.db, { ip, requestId, userId, action, details: { ...details, retryAfterS: result.retryAfterS } });
  return { kind: "rate_limited", retryAfterS: result.retryAfterS } as const;
}

async function checkAttempt(ctx: PublicContext, attempt: LoginInput, limiter: LimitCheck): Promise<LoginOutcome> {
  const { db, meta } = ctx;
  const username = attempt.username;
  // With a directory, CORP\jdoe, jdoe@corp and JDOE are one account's budget, not three.
  const account = directoryConfig() ? directoryName(username).toLowerCase() : username;
  const over = await limited(ctx, await limiter.check("login", { ip: meta.ip, account }), "login_rate_limited", null, { username });
  if (over) return over;
  if (attempt.honeypot) {
    // Refused quietly, after the same work as a wrong password.
    await burnPasswordCheck(attempt.password);
    await writeAudit(db, { ip: meta.ip, requestId: meta.requestId, action: "honeypot_triggered", details: { form: "login", username } });
    return { kind: "invalid" };
  }
  const result = await checkCredentials(ctx, username, attempt.password);
  if (!result.ok) {
    if (result.reason === "locked") return { kind: "locked", lockedUntil: result.lockedUntil };
    if (result.reason === "directory_unavailable") return { kind: "directory_unavailable" };
    if (result.reason === "refused") return { kind: "refused", message: result.message, text: result.text };
    return { kind: "invalid" };
  }
  const [user] = await db
    .select({ role: users.role, totpEnabled: users.totpEnabled, mustChangePassword: users.mustChangePassword, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, result.userId))
    .limit(1);
  if (!user) return { kind: "invalid" };
  // A duty (temporary password, admin without 2FA) is where the new session goes first.
  if (!user.totpEnabled) return { kind: "signed_in", userId: result.userId, username: result.username, duty: pendingDuty(user) };
  const who = { ip: meta.ip, requestId: meta.requestId, userId: result.userId, actor: result.username };
  await writeAudit(db, { ...who, action: "login_2fa_pending", entityType: "user", entityId: result.userId });
  return { kind: "second_factor", userId: result.userId, username: result.username, passwordHash: user.passwordHash };
}

/**
 * The password step of signing in: shared rate limit (per IP and per account) first, then the
 * honeypot, then the lockout-aware password check. Users with 2FA get "second_factor", never a
 * session; signIn turns "signed_in" into a session and "second_factor" into the /2fa step.
 */
export async function attemptLogin(ctx: PublicContext, input: unknown, limiter: LimitCheck = APP_LIMITER): Promise<LoginOutcome> {
  return checkAttempt(ctx, parseInput(LoginInput, input), limiter);
}

/** A duty the user still owes comes before where they were going (which it then continues to). */
function afterSignIn(duty: Duty | null, next: string): string {
  return duty ? `${DUTY_PAGES[duty]}?next=${encodeURIComponent(next)}` : next;
}

/** The sign-in form: a session (or the /2fa step) and where to go next; refusals are thrown. */
export async function signIn(ctx: PublicContext, input: unknown, limiter: LimitCheck = APP_LIMITER): Promise<NextStep> {
  const attempt = parseInput(LoginInput, input);
  const next = safeNextPath(attempt.next);
  const outcome = await checkAttempt(ctx, attempt, limiter);
  switch (outcome.kind) {
    case "rate_limited":
      throw tooManyAttemptsError(outcome.retryAfterS, LIMITS.login.what ?? "requests");
    // A locked account is answered exactly like a wrong password, or the answer would tell which
    // accounts exist; its owner hears of the lock by mail and in the audit log (lockout.ts).
    case "invalid":
    case "locked":
      throw new AppError(401, "invalid_credentials", WRONG_CREDENTIALS);
    // The directory's own trouble, not the user's: said plainly (local accounts are unaffected).
    case "directory_unavailable":
      throw directoryUnavailable();
    // Right password, but a rule here refuses the role the directory gives (said, since they proved who they are).
    case "refused":
      throw new ForbiddenError(outcome.message, "directory_role_refused").say(outcome.text.values, outcome.text.key);
    case "second_factor":
      await setPending2fa(ctx.db, outcome.userId, outcome.passwordHash);
      return { redirectTo: `/2fa?next=${encodeURIComponent(next)}` };
    case "signed_in":
      await startSession(ctx, outcome, "password");
      return { redirectTo: afterSignIn(outcome.duty, next) };
  }
}

export type SecondFactorOutcome =
  | { ok: true; method: "totp" | "backup_code" }
  | { ok: false; reason: "invalid" | "locked" }
  | { ok: false; reason: "rate_limited"; retryAfterS: number };

/** Six digits are a TOTP code; anything else is tried as a one-time backup code. */
export function isTotpShaped(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ""));
}

async function lockedUntilOf(ctx: PublicContext, userId: string): Promise<Date | null> {
  const [row] = await ctx.db.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.lockedUntil ?? null;
}

/**
 * A TOTP code (never twice in its window) or an unused backup code of `user`, rate limited.
 * A wrong code counts toward the same lockout as a wrong password; a locked account's code is
 * not even looked at (so a backup code is not spent on it).
 */
export async function checkSecondFactor(
  ctx: PublicContext,
  user: PendingUser,
  code: string,
  limiter: LimitCheck = APP_LIMITER,
): Promise<SecondFactorOutcome> {
  const check = await limiter.check("2fa-verify", { ip: ctx.meta.ip, account: user.userId });
  const over = await limited(ctx, check, "2fa_rate_limited", user.userId, { username: user.username });
  if (over) return { ok: false, reason: "rate_limited", retryAfterS: over.retryAfterS };
  if (isLocked(await lockedUntilOf(ctx, user.userId))) {
    const { ip, requestId } = ctx.meta;
    await writeAudit(ctx.db, { ip, requestId, userId: user.userId, actor: user.username, entityType: "user", entityId: user.userId, action: "2fa_blocked_locked" });
    return { ok: false, reason: "locked" };
  }
  const totp = isTotpShaped(code);
  const accepted = totp ? await verifyTotp(ctx, user.userId, code) : await redeemBackupCode(ctx, user.userId, code);
  if (accepted) return { ok: true, method: totp ? "totp" : "backup_code" };
  await recordLoginEvent(ctx.db, ctx.meta, { userId: user.userId, identifier: user.username, success: false, reason: "second_factor" });
  const after = await countFailure(ctx, { id: user.userId, username: user.username }, "second_factor");
  return { ok: false, reason: after.justLocked ? "locked" : "invalid" };
}

const expiredStep = () => new AppError(401, "sign_in_expired", EXPIRED_STEP);

/**
 * The /2fa step for the user the signed pending cookie names (set only after a correct
 * password): a valid code turns it into a session, once per password step; refusals are thrown.
 * A lockout ends the step: the code that locks, and any after it, get "sign in again".
 */
export async function verifySecondFactor(ctx: PublicContext, input: unknown, limiter: LimitCheck = APP_LIMITER): Promise<NextStep> {
  const { code, next } = parseInput(TwoFactorCodeInput, input);
  const pending = await readPending2fa(ctx.db);
  if (!pending) throw expiredStep();
  const outcome = await checkSecondFactor(ctx, pending, code, limiter);
  if (!outcome.ok) {
    if (outcome.reason === "rate_limited") throw tooManyAttemptsError(outcome.retryAfterS, "code attempts");
    if (outcome.reason === "locked") {
      await clearPending2fa();
      throw expiredStep();
    }
    throw new ValidationError(WRONG_CODE, { code: ["Check the code and try again."] }, "invalid_code").say({}, "auth_invalid_code");
  }
  // A second request with the same cookie may have won meanwhile: only one gets a session.
  if (!(await claimPending2fa(ctx.db, pending))) {
    const { ip, requestId } = ctx.meta;
    await writeAudit(ctx.db, { ip, requestId, userId: pending.userId, actor: pending.username, entityType: "user", entityId: pending.userId, action: "2fa_step_reused" });
    throw expiredStep();
  }
  await clearPending2fa();
  await clearFailures(ctx, pending.userId);
  await startSession(ctx, pending, outcome.method);
  return { redirectTo: safeNextPath(next) };
}
