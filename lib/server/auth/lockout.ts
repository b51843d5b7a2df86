import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { formatIstTime } from "@/lib/time";
import { writeAudit } from "../audit";
import { queueMail } from "../mail";
import type { PublicContext } from "../service";
import { voidPendingSignIns } from "./pending-2fa";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 30;
/**
 * Failures are forgotten after this long without another one. Equal to the lock, so waiting out
 * the window never buys more guesses than waiting out a lock (at most 4 per half hour unlocked).
 */
export const FAILURE_WINDOW_MINUTES = 30;

export type SignInStep = "password" | "second_factor";

export interface FailureCount {
  attempts: number;
  lockedUntil: Date | null;
  /** This failure locked the account (exactly one failure does, even among parallel ones). */
  justLocked: boolean;
}

export function isLocked(lockedUntil: Date | null, now = Date.now()): boolean {
  return Boolean(lockedUntil && lockedUntil.getTime() > now);
}

/**
 * Counts one failed sign-in factor (a wrong password, or a wrong code at the /2fa step) in one
 * atomic statement, so parallel failures cannot under-count. The count starts afresh after an
 * expired lock or FAILURE_WINDOW_MINUTES without failures; the MAX_FAILED_LOGINS-th locks.
 */
export async function countFailure(ctx: PublicContext, user: { id: string; username: string }, step: SignInStep): Promise<FailureCount> {
  const fresh = sql`(${users.lockedUntil} <= now()
    or ${users.lastFailedLoginAt} is null
    or ${users.lastFailedLoginAt} <= now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES}))`;
  const attempts = sql`(case when ${fresh} then 1 else ${users.failedLoginAttempts} + 1 end)`;
  const [after] = await ctx.db
    .update(users)
    .set({
      failedLoginAttempts: attempts,
      lastFailedLoginAt: sql`now()`,
      lockedUntil: sql`case
        when ${users.lockedUntil} > now() then ${users.lockedUntil}
        when ${attempts} >= ${MAX_FAILED_LOGINS} then now() + make_interval(mins => ${LOCKOUT_MINUTES})
        else null end`,
    })
    .where(eq(users.id, user.id))
    .returning({ attempts: users.failedLoginAttempts, lockedUntil: users.lockedUntil, email: users.email });
  if (!after) return { attempts: 0, lockedUntil: null, justLocked: false };
  // Counting stops at a lock, so only the failure that reached the limit sees it exactly.
  const justLocked = after.attempts === MAX_FAILED_LOGINS && isLocked(after.lockedUntil);
  if (justLocked && after.lockedUntil) await onLocked(ctx, { ...user, email: after.email }, after.lockedUntil, step);
  return { attempts: after.attempts, lockedUntil: after.lockedUntil, justLocked };
}

/** A full sign-in (every factor the user has) clears the count. */
export async function clearFailures(ctx: PublicContext, userId: string): Promise<void> {
  await ctx.db.update(users).set({ failedLoginAttempts: 0, lockedUntil: null, lastLoginAt: sql`now()` }).where(eq(users.id, userId));
}

function lockedMailText(username: string, lockedUntil: Date, step: SignInStep): string {
  const what = step === "password" ? "wrong passwords" : "wrong two-factor codes";
  return [
    `The TraceTrack account "${username}" was locked after ${MAX_FAILED_LOGINS} failed sign-in attempts (${what}).`,
    `It stays locked until ${formatIstTime(lockedUntil)} IST. Until then, signing in answers "Wrong username or password." even with the right password.`,
    "",
    "If this was you, wait until then or ask an admin to unlock the account.",
    "If it was not you, someone may be guessing your password: tell an admin, and change your password once you are back in.",
  ].join("\n");
}

/**
 * The sign-in form answers a locked account like a wrong password (so it never says which
 * accounts exist); the owner learns of the lock here instead: the audit log and, with an address,
 * a mail. Every half-finished /2fa step of the account ends with it.
 */
async function onLocked(ctx: PublicContext, user: { id: string; username: string; email: string | null }, lockedUntil: Date, step: SignInStep) {
  const { db, meta } = ctx;
  await voidPendingSignIns(db, user.id);
  await writeAudit(db, {
    ip: meta.ip,
    requestId: meta.requestId,
    action: "account_locked",
    userId: user.id,
    actor: user.username,
    entityType: "user",
    entityId: user.id,
    details: { attempts: MAX_FAILED_LOGINS, step, lockedUntil, ownerMailed: Boolean(user.email) },
    critical: true,
  });
  if (user.email) {
    await queueMail(db, { to: user.email, subject: "Your TraceTrack account was locked", text: lockedMailText(user.username, lockedUntil, step) });
  }
}
