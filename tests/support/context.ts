import type { Db } from "@/db/client";
import type { SessionUser } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { contextFor, type Actor, type RequestMeta, type ServiceContext } from "@/lib/server/service";

/** The request metadata DB tests act under. */
export const TEST_META: RequestMeta = { ip: "10.0.0.7", requestId: "test-request" };

/** The ServiceContext a verb gets when `actor` calls it: what contextForAction builds after the guards. */
export function ctxOf(db: Db, actor: Actor, meta: RequestMeta = TEST_META): ServiceContext {
  return contextFor(db, actor, meta);
}

/** `actor` as the session the guards read: signed in a moment ago, no 2FA, no forced change. */
export function sessionUserOf(actor: Actor, extra: Partial<SessionUser> = {}): SessionUser {
  return {
    ...actor,
    totpEnabled: false,
    mustChangePassword: false,
    sessionToken: "test-session",
    sessionCreatedAt: new Date(),
    sessionExpiresAt: new Date(Date.now() + 30 * 60_000),
    ...extra,
  };
}

/**
 * A signed-in user as the route tests' mocked getCurrentUser returns it: its own session token,
 * and admins enrolled in 2FA (an admin without it is refused by every guard).
 */
export function routeSessionOf(user: Actor & { role: SessionUser["role"] }): SessionUser {
  return sessionUserOf(user, { totpEnabled: user.role === "admin", sessionToken: `token-${user.id}` });
}

/** The outcome of one parallel call: its value, the code it was refused with, or "crash" (a 500). */
export async function settle<T>(p: Promise<T>): Promise<{ ok: T } | { code: string }> {
  try {
    return { ok: await p };
  } catch (err) {
    if (err instanceof AppError) return { code: err.code };
    console.error(err);
    return { code: "crash" };
  }
}
