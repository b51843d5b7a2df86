import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import type { Db } from "@/db/client";
import { backupCodes, users } from "@/db/schema";
import { type AuditMeta, writeAudit } from "../audit";
import { getEnv } from "../env";
import { ConflictError, NotFoundError } from "../errors";
import { verifyPassword } from "../users/passwords";
import { replaceBackupCodes } from "./backup-codes";
import { openSecret, sealSecret } from "./secret-box";

// RFC 6238 with otplib's defaults: SHA-1, 6 digits, 30 s steps. ±30 s accepts one step either side.
export const TOTP_ISSUER = "TraceTrack";
const TOLERANCE_S = 30;
const NO_META: AuditMeta = { ip: null, requestId: null };

export interface Enrolment {
  /** Base32, for typing into an authenticator by hand. */
  secret: string;
  otpauthUri: string;
  /** PNG data URL of the otpauth URI. */
  qrDataUrl: string;
}

export type ConfirmEnrolmentResult = { ok: true; backupCodes: string[] } | { ok: false };

function auditBase(userId: string, meta: AuditMeta) {
  return { ...meta, userId, entityType: "user", entityId: userId } as const;
}

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
export async function startEnrolment(db: Db, userId: string, meta: AuditMeta = NO_META): Promise<Enrolment> {
  const secret = generateSecret();
  const [row] = await db
    .update(users)
    .set({ totpSecret: sealSecret(secret, getEnv().AUTH_SECRET), totpLastStep: null, updatedAt: new Date() })
    .where(and(eq(users.id, userId), eq(users.totpEnabled, false)))
    .returning({ username: users.username });
  if (!row) {
    const [exists] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!exists) throw new NotFoundError("No such user.", "unknown_user");
    throw new ConflictError("totp_already_enabled", "Two-factor authentication is already on. Turn it off first.");
  }
  await writeAudit(db, { ...auditBase(userId, meta), action: "2fa_enrolment_started", actor: row.username });
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: row.username, secret });
  return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: "M", margin: 2 }) };
}

/** Turns 2FA on once the user proves their authenticator works; returns the one-time backup codes. */
export async function confirmEnrolment(
  db: Db,
  userId: string,
  code: string,
  meta: AuditMeta = NO_META,
): Promise<ConfirmEnrolmentResult> {
  const state = await readTotpState(db, userId);
  const step = state?.secret && !state.enabled ? await matchStep(state.secret, code) : null;
  if (!state?.stored || step === null) {
    await writeAudit(db, { ...auditBase(userId, meta), action: "2fa_enrolment_failed", actor: state?.username ?? null });
    return { ok: false };
  }
  const stored = state.stored;
  return db.transaction(async (tx) => {
    // Guarded by the secret we checked, so a parallel restart of enrolment cannot be confirmed blind.
    const [enabled] = await tx
      .update(users)
      .set({ totpEnabled: true, totpLastStep: step, updatedAt: new Date() })
      .where(and(eq(users.id, userId), eq(users.totpEnabled, false), eq(users.totpSecret, stored)))
      .returning({ id: users.id });
    if (!enabled) return { ok: false } as const;
    const codes = await replaceBackupCodes(tx, userId);
    await writeAudit(tx, { ...auditBase(userId, meta), action: "2fa_enabled", actor: state.username, critical: true });
    return { ok: true, backupCodes: codes } as const;
  });
}

/**
 * Checks a TOTP code at sign-in or for a sensitive action. A code is accepted once: the step it
 * matched must be newer than users.totp_last_step, claimed by one conditional UPDATE, so of two
 * parallel uses of the same code exactly one wins.
 */
export async function verifyTotp(db: Db, userId: string, code: string, meta: AuditMeta = NO_META): Promise<boolean> {
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
    await writeAudit(db, { ...auditBase(userId, meta), action: "2fa_verify_failed", actor: state?.username ?? null, details: { reason } });
    return false;
  }
  await writeAudit(db, { ...auditBase(userId, meta), action: "2fa_verified", actor: state?.username ?? null });
  return true;
}

/** Turns 2FA off; needs the account password. Removes the secret and every backup code. */
export async function disableTotp(db: Db, userId: string, password: string, meta: AuditMeta = NO_META): Promise<boolean> {
  const [user] = await db
    .select({ username: users.username, passwordHash: users.passwordHash, enabled: users.totpEnabled })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user) throw new NotFoundError("No such user.", "unknown_user");
  if (!(await verifyPassword(password, user.passwordHash))) {
    await writeAudit(db, { ...auditBase(userId, meta), action: "2fa_disable_failed", actor: user.username, details: { reason: "bad_password" } });
    return false;
  }
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpEnabled: false, totpSecret: null, totpLastStep: null, updatedAt: new Date() })
      .where(eq(users.id, userId));
    await tx.delete(backupCodes).where(eq(backupCodes.userId, userId));
    await writeAudit(tx, {
      ...auditBase(userId, meta),
      action: "2fa_disabled",
      actor: user.username,
      details: { wasEnabled: user.enabled },
      critical: true,
    });
  });
  return true;
}
