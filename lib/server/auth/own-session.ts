import "server-only";
import type { SessionStatus } from "@/lib/session-timer";
import { audit } from "../audit";
import { recordLoginEvent } from "./login-events";
import type { PublicContext } from "../service";
import {
  createSessionRow,
  endCurrentSession,
  getCurrentUser,
  peekCurrentSession,
  sessionPolicy,
  sessionStatusOf,
  setSessionCookie,
} from "./session";

// The caller's own session: how a finished sign-in becomes one, how it ends, and the expiry
// warning's questions about it. No guard: each acts only on the session cookie it was sent.

export type SignInMethod = "password" | "totp" | "backup_code";

/** Audit rows about a user who is signing in or out (the context has no actor of its own). */
function asUser(ctx: PublicContext, user: { id: string; username: string }) {
  return { actor: user, meta: ctx.meta };
}

/**
 * Turns a finished sign-in into a session: ends any session this browser still had (a fresh token
 * on every sign-in), creates the row, sets the cookie and audits how the user got in.
 */
export async function startSession(ctx: PublicContext, user: { userId: string; username: string }, method: SignInMethod): Promise<void> {
  await endCurrentSession();
  const token = await createSessionRow(user.userId, { ip: ctx.meta.ip, userAgent: ctx.meta.userAgent ?? null }, sessionPolicy());
  await setSessionCookie(token);
  const who = asUser(ctx, { id: user.userId, username: user.username });
  await audit(ctx.db, who, { action: "session_started", entityType: "user", entityId: user.userId, details: { method } });
  await recordLoginEvent(ctx.db, ctx.meta, { userId: user.userId, identifier: user.username, success: true, reason: method });
}

/** Sign out: ends this browser's session (row and cookie) and audits whose it was. */
export async function signOut(ctx: PublicContext): Promise<void> {
  const user = await getCurrentUser();
  await endCurrentSession();
  if (user) await audit(ctx.db, asUser(ctx, user), { action: "logout", entityType: "user", entityId: user.id });
}

/** How long the caller's own session has left; asking is not activity. Null when there is none. */
export async function readSessionStatus(): Promise<SessionStatus | null> {
  const user = await peekCurrentSession("never");
  return user ? sessionStatusOf(user, sessionPolicy()) : null;
}

/** "Stay signed in": slides the caller's own idle expiry now (never past the absolute end). */
export async function extendSession(ctx: PublicContext): Promise<SessionStatus | null> {
  const user = await peekCurrentSession("always");
  if (!user) return null;
  await audit(ctx.db, asUser(ctx, user), { action: "session_extended", entityType: "user", entityId: user.id });
  return sessionStatusOf(user, sessionPolicy());
}
