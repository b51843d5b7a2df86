import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { type AuditMeta, writeAudit } from "../audit";
import { checkLimit, type LimitResult, type RateLimiter } from "../rate-limit";
import { burnPasswordCheck } from "../users/passwords";
// Aliased: a `use…` name reads as a React hook to the linter; this is a plain async function.
import { useBackupCode as redeemBackupCode } from "./backup-codes";
import { type Duty, pendingDuty } from "./guards";
import { checkPassword } from "./login";
import { verifyTotp } from "./totp";

/** The limiter the flows count on; the app's shared one unless a test passes its own. */
export type LimitCheck = Pick<RateLimiter, "check">;
export const APP_LIMITER: LimitCheck = { check: checkLimit };

export type LoginOutcome =
  | { kind: "signed_in"; userId: string; username: string; duty: Duty | null }
  | { kind: "second_factor"; userId: string; username: string; passwordHash: string }
  | { kind: "invalid" }
  | { kind: "locked"; lockedUntil: Date }
  | { kind: "rate_limited"; retryAfterS: number };

export interface LoginAttempt {
  username: string;
  password: string;
  /** The hidden honeypot field came back filled: a bot. */
  honeypot: boolean;
}

async function limited(db: Db, result: LimitResult, action: string, meta: AuditMeta & { userId?: string }, details: Record<string, unknown>) {
  if (result.ok) return null;
  await writeAudit(db, { ...meta, action, details: { ...details, retryAfterS: result.retryAfterS } });
  return { kind: "rate_limited", retryAfterS: result.retryAfterS } as const;
}

/**
 * The password step of signing in: shared rate limit (per IP and per account) first, then the
 * honeypot, then the lockout-aware password check. Users with 2FA get "second_factor", never a
 * session; the caller turns "signed_in" into a session and "second_factor" into the /2fa step.
 */
export async function attemptLogin(db: Db, limiter: LimitCheck, attempt: LoginAttempt, meta: AuditMeta): Promise<LoginOutcome> {
  const username = attempt.username.trim().slice(0, 64);
  const over = await limited(db, await limiter.check("login", { ip: meta.ip, account: username }), "login_rate_limited", meta, { username });
  if (over) return over;
  if (attempt.honeypot) {
    // Refused quietly, after the same work as a wrong password.
    await burnPasswordCheck(attempt.password);
    await writeAudit(db, { ...meta, action: "honeypot_triggered", details: { form: "login", username } });
    return { kind: "invalid" };
  }
  const result = await checkPassword(db, username, attempt.password, meta);
  if (!result.ok) return result.reason === "locked" ? { kind: "locked", lockedUntil: result.lockedUntil } : { kind: "invalid" };
  const [user] = await db
    .select({ role: users.role, totpEnabled: users.totpEnabled, mustChangePassword: users.mustChangePassword, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, result.userId))
    .limit(1);
  if (!user) return { kind: "invalid" };
  // A duty (temporary password, admin without 2FA) is where the new session goes first.
  if (!user.totpEnabled) return { kind: "signed_in", userId: result.userId, username: result.username, duty: pendingDuty(user) };
  await writeAudit(db, { ...meta, action: "login_2fa_pending", userId: result.userId, actor: result.username, entityType: "user", entityId: result.userId });
  return { kind: "second_factor", userId: result.userId, username: result.username, passwordHash: user.passwordHash };
}

export type SecondFactorOutcome =
  | { ok: true; method: "totp" | "backup_code" }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterS: number };

/** Six digits are a TOTP code; anything else is tried as a one-time backup code. */
export function isTotpShaped(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ""));
}

/** The /2fa step: a TOTP code (never twice in its window) or an unused backup code, rate limited. */
export async function verifySecondFactor(
  db: Db,
  limiter: LimitCheck,
  user: { userId: string; username: string },
  code: string,
  meta: AuditMeta,
): Promise<SecondFactorOutcome> {
  const check = await limiter.check("2fa-verify", { ip: meta.ip, account: user.userId });
  const over = await limited(db, check, "2fa_rate_limited", { ...meta, userId: user.userId }, { username: user.username });
  if (over) return { ok: false, reason: "rate_limited", retryAfterS: over.retryAfterS };
  const totp = isTotpShaped(code);
  const accepted = totp ? await verifyTotp(db, user.userId, code, meta) : await redeemBackupCode(db, user.userId, code, meta);
  return accepted ? { ok: true, method: totp ? "totp" : "backup_code" } : { ok: false, reason: "invalid" };
}
