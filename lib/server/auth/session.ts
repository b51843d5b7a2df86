import "server-only";
import { eq, lt, or, sql } from "drizzle-orm";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getAuthAdapter, sessionCookieName } from "@/auth";
import { reusableSql, type Db } from "@/db/client";
import { sessions } from "@/db/schema";
import type { DispatchArea, Role } from "@/lib/domain";
import type { ApiTokenRef } from "@/lib/dto/tokens";
import type { Viewer } from "@/lib/dto/viewer";
import type { Locale, Theme } from "@/lib/preferences";
import { getDb, getDbHandle } from "../db";
import { getEnv } from "../env";
import { clientIpFrom, PATH_HEADER, requestIdFor } from "../request-context";
import { presentedBearer } from "../tokens/secret";
import { resolveApiToken } from "../tokens/resolve";
import { sessionCacheFor, type SessionCache } from "./session-cache";

/** What the server knows about the signed-in user: the Viewer, plus its session (never a hash or a secret). */
export interface SessionUser extends Viewer {
  sessionToken: string;
  sessionCreatedAt: Date;
  sessionExpiresAt: Date;
  /** Set when the request came with an API token instead of a session (then sessionToken is ""). */
  apiToken?: ApiTokenRef;
}

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** Expiry is pushed forward at most this often, so reads stay reads. */
  touchEveryMs: number;
}

export function sessionPolicy(): SessionPolicy {
  const env = getEnv();
  return {
    idleMs: env.sessionIdleMs,
    absoluteMs: env.sessionAbsoluteMs,
    // Under a one-minute idle limit (SESSION_IDLE_SECONDS) only "Stay signed in" extends a session.
    touchEveryMs: 60_000,
  };
}

export interface ResolveOptions {
  /**
   * "auto" slides the idle expiry at most once per touchEveryMs; "always" slides it now ("stay
   * signed in"); "never" only reads (the expiry warning asks without counting as activity).
   */
  touch?: "auto" | "always" | "never";
  /** This instance's recently read sessions (getCurrentUser passes the app's); none: read the row. */
  cache?: SessionCache<SessionRow>;
}

export interface SessionRow extends Record<string, unknown> {
  id: string;
  username: string;
  role: Role;
  dispatch_area: DispatchArea | null;
  totp_enabled: boolean;
  must_change_password: boolean;
  locale: Locale | null;
  theme: Theme | null;
  expires_ms: number;
  created_ms: number;
}

// Every request runs this: raw SQL (no query builder), rendered once (reusableSql).
const sessionLookup = reusableSql<SessionRow, { token: string }>(
  () => sql`select u.id, u.username, u.role, u.dispatch_area, u.totp_enabled, u.must_change_password, u.locale, u.theme,
               (extract(epoch from s.expires) * 1000)::float8 as expires_ms,
               (extract(epoch from s.created_at) * 1000)::float8 as created_ms
          from sessions s join users u on u.id = s.user_id
         where s.session_token = ${sql.placeholder("token")} and u.deactivated_at is null
         limit 1`,
);

/** Random 256-bit token; only the database row makes it mean anything. */
export function newSessionToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

/**
 * Resolves a session token to its user, refusing rows past the idle timeout (expires) or the
 * absolute lifetime (created_at), and sliding the idle expiry on activity.
 */
export async function resolveSession(
  db: Db,
  token: string,
  policy: SessionPolicy,
  now = new Date(),
  options: ResolveOptions = {},
): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const cache = options.cache;
  let found = cache?.get(token, now.getTime());
  if (!found) {
    const mark = cache?.mark();
    [found] = await sessionLookup.rows(db, { token });
    if (!found) return null;
    if (cache && mark !== undefined) cache.keep(token, found.id, found, mark, now.getTime());
  }
  const createdAt = new Date(found.created_ms);
  const storedExpires = new Date(found.expires_ms);
  const absoluteEnd = createdAt.getTime() + policy.absoluteMs;
  if (storedExpires.getTime() <= now.getTime() || absoluteEnd <= now.getTime()) {
    cache?.forget(token);
    await db.delete(sessions).where(eq(sessions.sessionToken, token));
    return null;
  }
  let expires = storedExpires;
  const lastTouch = storedExpires.getTime() - policy.idleMs;
  const touch = options.touch ?? "auto";
  if (touch === "always" || (touch === "auto" && now.getTime() - lastTouch >= policy.touchEveryMs)) {
    expires = new Date(Math.min(now.getTime() + policy.idleMs, absoluteEnd));
    await db.update(sessions).set({ expires }).where(eq(sessions.sessionToken, token));
    // The update's notification will empty this entry; until it arrives, no second slide.
    cache?.update(token, { ...found, expires_ms: expires.getTime() });
  }
  return {
    id: found.id,
    username: found.username,
    role: found.role,
    dispatchArea: found.dispatch_area,
    totpEnabled: found.totp_enabled,
    mustChangePassword: found.must_change_password,
    locale: found.locale,
    theme: found.theme,
    sessionToken: token,
    sessionCreatedAt: createdAt,
    sessionExpiresAt: expires,
  };
}

/** Creates the session row through the Auth.js adapter and returns its token. */
export async function createSessionRow(
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
  policy: SessionPolicy,
): Promise<string> {
  const sessionToken = newSessionToken();
  const createSession = getAuthAdapter().createSession;
  if (!createSession) throw new Error("Auth adapter cannot create sessions");
  await createSession({
    sessionToken,
    userId,
    expires: new Date(Date.now() + policy.idleMs),
    ip: meta.ip,
    userAgent: meta.userAgent,
  } as Parameters<typeof createSession>[0]);
  return sessionToken;
}

export function getSessionCookieName(): string {
  return sessionCookieName(getEnv().cookieSecure);
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure per config, no expiry (browser session). */
export async function setSessionCookie(token: string): Promise<void> {
  const jar = await cookies();
  jar.set(getSessionCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().cookieSecure,
    path: "/",
  });
}

/** Ends the current session: deletes the row (through the adapter) and the cookie. */
export async function endCurrentSession(): Promise<void> {
  const jar = await cookies();
  const name = getSessionCookieName();
  const token = jar.get(name)?.value;
  if (token) {
    await getAuthAdapter().deleteSession?.(token);
    appSessionCache().forget(token);
  }
  jar.delete(name);
}

/**
 * Whether this request may authenticate with a bearer token: JSON routes only. proxy.ts stamps
 * every page and server action request with its path (PATH_HEADER, overwriting any sent), and
 * /api/* skips the proxy, so a page never gets here without a non-API path.
 */
function acceptsBearer(h: Headers): boolean {
  const path = h.get(PATH_HEADER);
  return path === null || path.startsWith("/api/");
}

/**
 * The signed-in user for this request, resolved once per request. On a JSON route an
 * `Authorization: Bearer` header decides alone (a bad token is 401 `invalid_token`, never a
 * fallback to the cookie); elsewhere only the session cookie counts.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const h = await headers();
  const bearer = acceptsBearer(h) ? presentedBearer(h) : null;
  if (bearer) {
    const meta = { ip: clientIpFrom(h), requestId: requestIdFor(h, getEnv().TRUST_PROXY) };
    return resolveApiToken(getDb(), bearer.credential, meta);
  }
  const jar = await cookies();
  const token = jar.get(getSessionCookieName())?.value;
  if (!token) return null;
  return resolveSession(getDb(), token, sessionPolicy(), new Date(), { cache: appSessionCache() });
});

/** The app's session cache as the health page shows it. */
export function sessionCacheState(): { seconds: number; listening: boolean; kept: number } {
  const cache = appSessionCache();
  return { seconds: getEnv().SESSION_CACHE_SECONDS, listening: cache.listening, kept: cache.size };
}

/** The app's session cache (one per process and database). */
function appSessionCache(): SessionCache<SessionRow> {
  return sessionCacheFor<SessionRow>(getDbHandle());
}

/** Removes rows past their idle or absolute limit (run at start and periodically). */
export async function purgeExpiredSessions(db: Db, policy: SessionPolicy, now = new Date()): Promise<void> {
  await db
    .delete(sessions)
    .where(
      or(lt(sessions.expires, now), lt(sessions.createdAt, new Date(now.getTime() - policy.absoluteMs))),
    );
}

/** When the session ends if nothing happens (idle) and at the latest (absolute). */
export function sessionDeadlines(user: Pick<SessionUser, "sessionCreatedAt" | "sessionExpiresAt">, policy: SessionPolicy) {
  return {
    idleEndsAt: user.sessionExpiresAt,
    absoluteEndsAt: new Date(user.sessionCreatedAt.getTime() + policy.absoluteMs),
  };
}

/** How long a resolved session has left, measured now on the server (for the expiry warning). */
export function sessionStatusOf(user: Pick<SessionUser, "sessionCreatedAt" | "sessionExpiresAt">, policy: SessionPolicy, now = Date.now()) {
  const { idleEndsAt, absoluteEndsAt } = sessionDeadlines(user, policy);
  return { idleRemainingMs: idleEndsAt.getTime() - now, absoluteRemainingMs: absoluteEndsAt.getTime() - now };
}

/** The current request's session, read without counting as activity (the expiry warning asks this). */
export async function peekCurrentSession(touch: "never" | "always"): Promise<SessionUser | null> {
  const token = (await cookies()).get(getSessionCookieName())?.value;
  return token ? resolveSession(getDb(), token, sessionPolicy(), new Date(), { touch, cache: appSessionCache() }) : null;
}
