import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import type { Db, Tx } from "@/db/client";
import { backupCodes, users } from "@/db/schema";
import type { BackupCodes, Enrolment } from "@/lib/dto/account";
import { PasswordConfirmInput, TwoFactorCodeInput } from "@/lib/schemas/auth";
import { audit, writeAudit } from "../audit";
import type { PublicContext, ServiceContext } from "../service";
import { getEnv } from "../env";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { verifyPassword } from "../users/passwords";
import { parseInput } from "../validation";
import { replaceBackupCodes } from "./backup-codes";
import { openSecret, sealSecret } from "./secret-box";

// RFC 6238 with otplib's defaults: SHA-1, 6 digits, 30 s steps. ±30 s accepts one step either side.
export const TOTP_ISSUER = "TraceTrack";
const TOLERANCE_S = 30;
const codeMismatch = () =>
  new ValidationError("That code did not match. Check the time on your phone and try the newest code.", { code: ["Code did not match."] }, "invalid_code").say(
    {},
    "auth_code_mismatch",
  );

/** An audit row about `userId`'s second factor, in the request of `ctx`. */
function auditBase(ctx: PublicContext, userId: string) {
  return { ip: ctx.meta.ip, requestId: ctx.meta.requestId, userId, entityType: "user", entityId: userId } as const;
}

/** Audit rows of the signed-in user's own enrolment and switch-off. */
const aboutSelf = (ctx: ServiceContext) => ({ entityType: "user", entityId: ctx.actor.id }) as const;

/** The time step a 6-digit code matches (within ±1 step), or null. */
async function matchStep(secret: string, code: string): Promise<number | null> {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({ secret, token, epochTolerance: TOLERANCE_S });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

async function readTotpState(db: Db, userId: string) {
  const [row] = await db
    .select({ username: users.username, stored: users.totpSecret, enabled: users.totpEnabled })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return null;
  const secret = row.stored ? openSecret(row.stored, getEnv().AUTH_SECRET) : null;
  if (row.stored && !secret) console.error(`[totp] cannot open the stored secret of user ${userId} (AUTH_SECRET changed?)`);
  return { ...row, secret };
}

/**
 * Starts (or restarts) enrolment: stores a new pending secret and returns what the user scans.
 * Refused while 2FA is on, so a stolen session cannot swap the second factor.
 */
export async function startEnrolment(ctx: ServiceContext): Promise<Enrolment> {
  const { db, actor } = ctx;
  const userId = actor.id;
  const secret = generateSecret();
  const [row] = await db
    .update(users)
    .set({ totpSecret: sealSecret(secret, getEnv().AUTH_SECRET), totpLastStep: null, updatedAt: new Date() })
    .where(and(eq(users.id, userId), eq(users.totpEnabled, false)))
    .returning({ username: users.username });
  if (!row) {
    const [exists] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!exists) throw new NotFoundError("No such user.", "unknown_user").say({}, "auth_no_such_user");
    throw new ConflictError("totp_already_enabled", "Two-factor authentication is already on. Turn it off first.");
  }
  await audit(db, ctx, { ...aboutSelf(ctx), action: "2fa_enrolment_started" });
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: row.username, secret });
  return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: "M", margin: 2 }) };
}

/**
 * Turns 2FA on once the user proves their authenticator works; returns the one-time backup codes.
 * A code that does not match is refused (and audited).
 */
export async function confirmEnrolment(ctx: ServiceContext, input: unknown): Promise<BackupCodes> {
  const { db, actor } = ctx;
  const userId = actor.id;
  const { code } = parseInput(TwoFactorCodeInput, input);
  const state = await readTotpState(db, userId);
  const step = state?.secret && !state.enabled ? await matchStep(state.secret, code) : null;
  if (!state?.stored || step === null) {
    await audit(db, ctx, { ...aboutSelf(ctx), action: "2fa_enrolment_failed" });
    throw codeMismatch();
  }
  const stored = state.stored;
  return db.transaction(async (tx) => {
    // Guarded by the secret we checked, so a parallel restart of enrolment cannot be confirmed blind.
    const [enabled] = await tx
      .update(users)
      .set({ totpEnabled: true, totpLastStep: step, updatedAt: new Date() })
      .where(and(eq(users.id, userId), eq(users.totpEnabled, false), eq(users.totpSecret, stored)))
      .returning({ id: users.id });
    if (!enabled) throw codeMismatch();
    const codes = await replaceBackupCodes(tx, userId);
    await audit(tx, ctx, { ...aboutSelf(ctx), action: "2fa_enabled", critical: true });
    return { backupCodes: codes };
  });
}

/**
 * Checks a TOTP code at sign-in or for a sensitive action. A code is accepted once: the step it
 * matched must be newer than users.totp_last_step, claimed by one conditional UPDATE, so of two
 * parallel uses of the same code exactly one wins.
 */
export async function verifyTotp(ctx: PublicContext, userId: string, code: string): Promise<boolean> {
  const { db } = ctx;
  const state = await readTotpState(db, userId);
  const step = state?.enabled && state.secret ? await matchStep(state.secret, code) : null;
  const [claimed] =
    step === null
      ? []
      : await db
          .update(users)
          .set({ totpLastStep: step })
          .where(
            and(
              eq(users.id, userId),
              eq(users.totpEnabled, true),
              or(isNull(users.totpLastStep), lt(users.totpLastStep, step)),
            ),
          )
          .returning({ id: users.id });
  if (!claimed) {
    const reason = !state?.enabled ? "not_enabled" : step === null ? "wrong_code" : "replayed";
    await writeAudit(db, { ...auditBase(ctx, userId), action: "2fa_verify_failed", actor: state?.username ?? null, details: { reason } });
    return false;
  }
  await writeAudit(db, { ...auditBase(ctx, userId), action: "2fa_verified", actor: state?.username ?? null });
  return true;
}

/** Turns a user's 2FA off inside the caller's transaction: no secret, no step, no backup codes. Returns how many codes went. */
export async function clearTwoFactor(tx: Tx, userId: string): Promise<number> {
  await tx.update(users).set({ totpEnabled: false, totpSecret: null, totpLastStep: null, updatedAt: new Date() }).where(eq(users.id, userId));
  return (await tx.delete(backupCodes).where(eq(backupCodes.userId, userId)).returning({ id: backupCodes.id })).length;
}

/**
 * The signed-in user turns 2FA off; needs their password (a wrong one is refused and audited).
 * Removes the secret and every backup code.
 */
export async function disableTotp(ctx: ServiceContext, input: unknown): Promise<void> {
  const { db, actor } = ctx;
  const userId = actor.id;
  const { password } = parseInput(PasswordConfirmInput, input);
  const [user] = await db
    .select({ passwordHash: users.passwordHash, enabled: users.totpEnabled })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user) throw new NotFoundError("No such user.", "unknown_user").say({}, "auth_no_such_user");
  if (!(await verifyPassword(password, user.passwordHash))) {
    await audit(db, ctx, { ...aboutSelf(ctx), action: "2fa_disable_failed", details: { reason: "bad_password" } });
    throw new ValidationError("Wrong password.", { password: ["Wrong password."] }, "wrong_password").say({}, "auth_wrong_password");
  }
  await db.transaction(async (tx) => {
    await clearTwoFactor(tx, userId);
    await audit(tx, ctx, { ...aboutSelf(ctx), action: "2fa_disabled", details: { wasEnabled: user.enabled }, critical: true });
  });
}
