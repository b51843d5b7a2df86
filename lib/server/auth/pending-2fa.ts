import "server-only";
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull, lte, notExists, or, sql } from "drizzle-orm";
import { cookies } from "next/headers";
import type { Db } from "@/db/client";
import { pendingSignIns, users } from "@/db/schema";
import { getEnv } from "../env";

/*
 * Between a correct password and the second factor there is NO session: only this signed,
 * HttpOnly cookie (5 minutes, path /2fa) naming the user and a pending_sign_ins row (its nonce).
 * /2fa reads it, and only a valid TOTP or backup code turns it into a session row, once: that
 * deletes the row. It is bound to the password hash, so a password reset voids it; a lockout
 * deletes the rows; nothing else (requireUser, resolveSession) ever looks at it.
 */

export const PENDING_2FA_TTL_MS = 5 * 60_000;
const COOKIE_PATH = "/2fa";

export interface PendingClaims {
  userId: string;
  /** First bytes of SHA-256(password hash): a changed password invalidates the cookie. */
  pw: string;
  expiresAt: number;
  nonce: string;
}

function macKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "tracetrack", "pending-2fa-v1", 32));
}

function mac(payload: string, secret: string): Buffer {
  return createHmac("sha256", macKey(secret)).update(payload).digest();
}

export function passwordFingerprint(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("base64url").slice(0, 22);
}

/** payload.signature, both base64url. */
export function signPending(claims: PendingClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${mac(payload, secret).toString("base64url")}`;
}

/** The claims if the signature is right and the time is not up; else null. */
export function openPending(value: string, secret: string, now = Date.now()): PendingClaims | null {
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined || value.length > 1024) return null;
  const expected = mac(payload, secret);
  const actual = Buffer.from(signature, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<PendingClaims>;
    if (typeof claims.userId !== "string" || typeof claims.pw !== "string" || typeof claims.expiresAt !== "number") return null;
    if (typeof claims.nonce !== "string" || claims.expiresAt <= now) return null;
    return { userId: claims.userId, pw: claims.pw, expiresAt: claims.expiresAt, nonce: claims.nonce };
  } catch {
    return null;
  }
}

function cookieName(secure: boolean): string {
  return secure ? "__Secure-tt.2fa-pending" : "tt.2fa-pending";
}

/** After a correct password for a user with 2FA: remember who is half-way through signing in. */
export async function setPending2fa(db: Db, userId: string, passwordHash: string): Promise<void> {
  const env = getEnv();
  const claims: PendingClaims = {
    userId,
    pw: passwordFingerprint(passwordHash),
    expiresAt: Date.now() + PENDING_2FA_TTL_MS,
    nonce: randomBytes(16).toString("base64url"),
  };
  await db.delete(pendingSignIns).where(lte(pendingSignIns.expiresAt, sql`now()`));
  await db.insert(pendingSignIns).values({ id: claims.nonce, userId, expiresAt: sql`now() + make_interval(secs => ${PENDING_2FA_TTL_MS / 1000})` });
  (await cookies()).set(cookieName(env.cookieSecure), signPending(claims, env.authSecret), {
    httpOnly: true,
    sameSite: "lax",
    secure: env.cookieSecure,
    path: COOKIE_PATH,
    maxAge: PENDING_2FA_TTL_MS / 1000,
  });
}

export interface PendingUser {
  userId: string;
  username: string;
}

/** A pending sign-in the cookie names: the user and the id of its single-use row. */
export interface PendingStep extends PendingUser {
  stepId: string;
}

const notLocked = or(isNull(users.lockedUntil), lte(users.lockedUntil, sql`now()`));

/**
 * Who the pending cookie names, if it is valid, its row is still there (not used, expired or
 * ended by a lockout), the account is not locked and the password has not changed since.
 */
export async function readPending2fa(db: Db): Promise<PendingStep | null> {
  const env = getEnv();
  const value = (await cookies()).get(cookieName(env.cookieSecure))?.value;
  const claims = value ? openPending(value, env.authSecret) : null;
  if (!claims) return null;
  const [user] = await db
    .select({ username: users.username, passwordHash: users.passwordHash, totpEnabled: users.totpEnabled })
    .from(pendingSignIns)
    .innerJoin(users, eq(users.id, pendingSignIns.userId))
    .where(and(eq(pendingSignIns.id, claims.nonce), eq(pendingSignIns.userId, claims.userId), gt(pendingSignIns.expiresAt, sql`now()`), notLocked))
    .limit(1);
  if (!user?.totpEnabled || passwordFingerprint(user.passwordHash) !== claims.pw) return null;
  return { userId: claims.userId, username: user.username, stepId: claims.nonce };
}

/**
 * Uses up a pending sign-in: true for exactly one caller. The DELETE … RETURNING is the guard,
 * so of two parallel /2fa requests with the same cookie only one gets a session.
 */
export async function claimPending2fa(db: Db, step: PendingStep): Promise<boolean> {
  const lockedNow = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, step.userId), gt(users.lockedUntil, sql`now()`)));
  const claimed = await db
    .delete(pendingSignIns)
    .where(
      and(
        eq(pendingSignIns.id, step.stepId),
        eq(pendingSignIns.userId, step.userId),
        gt(pendingSignIns.expiresAt, sql`now()`),
        notExists(lockedNow),
      ),
    )
    .returning({ id: pendingSignIns.id });
  return claimed.length === 1;
}

/** Ends every half-finished sign-in of a user (their account was just locked). */
export async function voidPendingSignIns(db: Db, userId: string): Promise<void> {
  await db.delete(pendingSignIns).where(eq(pendingSignIns.userId, userId));
}

export async function clearPending2fa(): Promise<void> {
  const jar = await cookies();
  jar.set(cookieName(getEnv().cookieSecure), "", { path: COOKIE_PATH, maxAge: 0, httpOnly: true, sameSite: "lax", secure: getEnv().cookieSecure });
}
