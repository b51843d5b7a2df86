import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { passwordResetTokens, sessions, users } from "@/db/schema";
import { ForgotPasswordInput, ResetPasswordInput } from "@/lib/schemas/auth";
import { writeAudit } from "../audit";
import type { PublicContext } from "../service";
import { appUrlOf } from "../env";
import { ValidationError } from "../errors";
import { sendMail } from "../mail";
import { hashPassword } from "../users/passwords";
import { parseInput } from "../validation";
import { spendAttempt } from "./attempts";

export const RESET_TOKEN_TTL_MINUTES = 60;
export const INVALID_RESET_LINK = "This reset link is invalid, already used or expired. Please ask for a new one.";
// Every request answers after at least this long, found or not (or a bot), so timing says nothing.
const REQUEST_FLOOR_MS = 300;

/** Only this hash is stored; the token itself lives in the mail. */
export function hashResetToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The link mailed to the user; the base is configuration, never the request's Host header. */
export function resetLink(token: string): string {
  return `${appUrlOf()}/reset-password/${token}`;
}

function resetMailText(username: string, link: string): string {
  return [
    `Someone asked to reset the password of the TraceTrack account "${username}".`,
    "",
    `To choose a new password, open this link within ${RESET_TOKEN_TTL_MINUTES} minutes (it works once):`,
    link,
    "",
    "If this was not you, ignore this mail: your password stays as it is.",
  ].join("\n");
}

const answerFloor = () => new Promise((resolve) => setTimeout(resolve, REQUEST_FLOOR_MS));

/**
 * The "forgot password" form: rate limited per IP and per address, honeypot-guarded, then
 * mailResetLink. Answers the same way, after the same minimum time, for every address.
 */
export async function requestPasswordReset(ctx: PublicContext, input: unknown): Promise<void> {
  const { identifier, honeypot } = parseInput(ForgotPasswordInput, input);
  await spendAttempt("forgot-password", { ip: ctx.meta.ip, account: identifier });
  if (!honeypot) return mailResetLink(ctx, identifier);
  const { ip, requestId } = ctx.meta;
  await writeAudit(ctx.db, { ip, requestId, action: "honeypot_triggered", details: { form: "forgot-password" } });
  await answerFloor();
}

/**
 * Mails a one-hour reset link when the email or username belongs to an account with an email.
 * Always answers after the same minimum time, so it never reveals whether the account exists.
 */
export async function mailResetLink(ctx: PublicContext, emailOrUsername: string): Promise<void> {
  const { db, meta } = ctx;
  const floor = answerFloor();
  const identifier = emailOrUsername.trim().toLowerCase().slice(0, 254);
  // Generated and hashed every time: the same work whether or not anyone gets it.
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashResetToken(token);
  const [user] = identifier
    ? await db
        .select({ id: users.id, username: users.username, email: users.email })
        .from(users)
        .where(or(eq(sql`lower(${users.email})`, identifier), eq(sql`lower(${users.username})`, identifier)))
        .limit(1)
    : [];
  const email = user?.email;
  if (!user || !email) {
    await writeAudit(db, {
      ip: meta.ip,
      requestId: meta.requestId,
      action: "password_reset_requested_unknown",
      userId: user?.id ?? null,
      details: { identifier: identifier.slice(0, 64), reason: user ? "no_email" : "no_account" },
    });
    await floor;
    return;
  }
  await db.transaction(async (tx) => {
    // A new link replaces any earlier unused one.
    await tx.delete(passwordResetTokens).where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
    await tx.insert(passwordResetTokens).values({
      userId: user.id,
      tokenHash,
      expiresAt: sql`now() + make_interval(mins => ${RESET_TOKEN_TTL_MINUTES})`,
      requestedIp: meta.ip,
    });
    const who = { ip: meta.ip, requestId: meta.requestId, userId: user.id, actor: user.username };
    await writeAudit(tx, { ...who, action: "password_reset_requested", entityType: "user", entityId: user.id });
  });
  const delivery = sendMail(db, {
    to: email,
    subject: "Reset your TraceTrack password",
    text: resetMailText(user.username, resetLink(token)),
    secrets: [token],
  }).catch((err: unknown) => console.error("[password-reset] mail delivery failed:", err));
  // A slow SMTP server must not make "exists" slower than "doesn't": wait for it only up to the floor.
  await Promise.race([delivery, floor]);
  await floor;
}

export type ResetLinkState = "usable" | "used" | "expired" | "unknown";

/** What the reset page says, on opening, about a link that can no longer be used. */
export const RESET_LINK_PROBLEMS: Record<Exclude<ResetLinkState, "usable">, string> = {
  used: "This reset link was already used. If you still need a new password, ask for a new link.",
  expired: `This reset link has expired: links work for ${RESET_TOKEN_TTL_MINUTES} minutes. Ask for a new one.`,
  unknown: "This reset link is not valid: it may be incomplete, or a newer link replaced it. Ask for a new one.",
};

/**
 * What a reset link is now, read without spending it (opening the page must not use it up).
 * "unknown" also covers a link replaced by a newer one: unused links are deleted then.
 */
export async function resetLinkState(db: Db, token: string): Promise<ResetLinkState> {
  if (!token) return "unknown";
  const [row] = await db
    .select({ used: sql<boolean>`${passwordResetTokens.usedAt} is not null`, expired: sql<boolean>`${passwordResetTokens.expiresAt} <= now()` })
    .from(passwordResetTokens)
    .where(eq(passwordResetTokens.tokenHash, hashResetToken(token)))
    .limit(1);
  if (!row) return "unknown";
  if (row.used) return "used";
  return row.expired ? "expired" : "usable";
}

/**
 * An admin's temporary password for a user (staff or customer account): stored hashed, must be
 * changed at next sign-in, lifts a lockout, and ends the user's sessions and unused reset links.
 * Returns how many sessions ended; the caller has checked the user exists and audits.
 */
export async function applyTemporaryPassword(tx: Tx, userId: string, passwordHash: string): Promise<number> {
  await tx
    .update(users)
    .set({ passwordHash, mustChangePassword: true, failedLoginAttempts: 0, lockedUntil: null, updatedAt: new Date() })
    .where(eq(users.id, userId));
  return endSessionsAndResetLinks(tx, userId);
}

/** Ends every session of a user and voids their unused reset links; returns how many sessions ended. */
export async function endSessionsAndResetLinks(tx: Tx, userId: string): Promise<number> {
  const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ token: sessions.sessionToken });
  await tx.delete(passwordResetTokens).where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
  return ended.length;
}

/**
 * Sets a new password through a reset link: valid once, within the hour. Clears the lockout and
 * the forced change, and ends every session of the user. Any bad token gets one generic message.
 */
export async function resetPassword(ctx: PublicContext, input: unknown): Promise<{ userId: string; username: string }> {
  const { db, meta } = ctx;
  const { token, password } = parseInput(ResetPasswordInput, input);
  const tokenHash = hashResetToken(token);
  // Keyed on the token's hash, so guessing across many tokens still meets the per-IP budget.
  await spendAttempt("reset-password", { ip: meta.ip, account: tokenHash.slice(0, 32) });
  const passwordHash = await hashPassword(password);
  const done = await db.transaction(async (tx) => {
    // The conditional UPDATE is the single-use guard: a second use finds used_at set.
    const [claimed] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, tokenHash),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, sql`now()`),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!claimed) return null;
    const [user] = await tx
      .update(users)
      .set({ passwordHash, failedLoginAttempts: 0, lockedUntil: null, mustChangePassword: false, updatedAt: new Date() })
      .where(eq(users.id, claimed.userId))
      .returning({ userId: users.id, username: users.username });
    if (!user) return null;
    const sessionsEnded = await endSessionsAndResetLinks(tx, user.userId);
    await writeAudit(tx, {
      ip: meta.ip,
      requestId: meta.requestId,
      action: "password_reset_completed",
      userId: user.userId,
      actor: user.username,
      entityType: "user",
      entityId: user.userId,
      details: { sessionsEnded },
      critical: true,
    });
    return user;
  });
  if (!done) {
    await writeAudit(db, { ip: meta.ip, requestId: meta.requestId, action: "password_reset_refused", details: { reason: "invalid_or_expired_token" } });
    throw new ValidationError(INVALID_RESET_LINK, undefined, "invalid_reset_token");
  }
  return done;
}
