import "server-only";
import type { Db } from "@/db/client";
import type { DispatchArea, Role } from "@/lib/domain";
import type { ApiTokenRef } from "@/lib/dto/tokens";

// What every verb receives: `verb(ctx, input)`. Pure types and builders with no Next.js import, so
// the CLI and tests can build a context too; lib/server/context.ts builds one per request.

/** Who acts: the one actor type every verb takes. A SessionUser is narrowed to this (no token). */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  dispatchArea: DispatchArea | null;
  /** The API token the request came with (it acts as its issuer, within its scope); audit rows name it. */
  apiToken?: ApiTokenRef;
}

/** Where the request came from, for audit rows, sessions and rate limits. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
  userAgent?: string | null;
}

/** What a verb anyone may call (sign-in, password reset) gets: no actor yet. */
export interface PublicContext {
  db: Db;
  meta: RequestMeta;
}

/** What every signed-in verb gets: `verb(ctx, input)`. */
export interface ServiceContext extends PublicContext {
  actor: Actor;
  /** The caller's own session token, for the verbs about "this session" (change password). */
  sessionToken: string | null;
}

/**
 * The system acts for the CLI, bootstrap and maintenance: audited as "system" with no user id.
 * It is not an Actor, so no verb that records a user id can be handed it by mistake.
 */
export interface SystemContext extends PublicContext {
  actor: { id: null; username: "system" };
}

export function actorOf(user: Actor): Actor {
  const actor: Actor = { id: user.id, username: user.username, role: user.role, dispatchArea: user.dispatchArea };
  if (user.apiToken) actor.apiToken = { id: user.apiToken.id, prefix: user.apiToken.prefix, readOnly: user.apiToken.readOnly };
  return actor;
}

export function systemContext(db: Db, meta: RequestMeta = { ip: null, requestId: null }): SystemContext {
  return { db, meta, actor: { id: null, username: "system" } };
}

/** A context for a caller that is already known (tests, scripts, a verb calling a verb). */
export function contextFor(db: Db, user: Actor & { sessionToken?: string | null }, meta: RequestMeta): ServiceContext {
  // A token's user has no session ("" there): no verb about "this session" may take it for one.
  return { db, actor: actorOf(user), meta, sessionToken: user.sessionToken || null };
}
