import "server-only";
import type { StatusLookup } from "@/lib/dto/status-link";
import { expiredLinkMessage, GONE_LINK_MESSAGE, INVALID_LINK_MESSAGE } from "@/lib/status-link";
import { getEnv, type Env } from "../env";
import { tooManyAttempts } from "../errors";
import { checkLimit } from "../rate-limit/limiter";
import { LIMITS } from "../rate-limit/limits";
import type { PublicContext } from "../service";
import { readPublicStatus } from "./read";
import { verifyStatusToken } from "./token";

// Opening a public status link (the page /status/[token] and GET /api/status/[token] both come
// here): the per-IP limit first (garbage counts too, so guessing is slow), then the token, then the
// one narrow read. No session is asked for or looked at.

interface LookupOptions {
  env?: Pick<Env, "statusLinkSecret">;
  now?: Date;
}

export async function lookUpStatusLink(ctx: PublicContext, rawToken: string, options: LookupOptions = {}): Promise<StatusLookup> {
  const limit = await checkLimit("status-link", { ip: ctx.meta.ip });
  if (!limit.ok) return { ok: false, code: "rate_limited", retryAfterS: limit.retryAfterS };
  const now = options.now ?? new Date();
  const check = verifyStatusToken(rawToken, (options.env ?? getEnv()).statusLinkSecret, now);
  if (!check.ok) return check.reason === "expired" ? { ok: false, code: "expired_link", expiredAt: check.expiresAt } : { ok: false, code: "invalid_link" };
  const status = await readPublicStatus(ctx.db, check.billId, check.expiresAt, now);
  return status ? { ok: true, status } : { ok: false, code: "not_found" };
}

export type StatusLinkRefusal = Exclude<StatusLookup, { ok: true }>;

/** What a refused link says: the same words on the page and in the JSON error. */
export function refusalMessage(refusal: StatusLinkRefusal): string {
  switch (refusal.code) {
    case "invalid_link":
      return INVALID_LINK_MESSAGE;
    case "expired_link":
      return expiredLinkMessage(refusal.expiredAt);
    case "not_found":
      return GONE_LINK_MESSAGE;
    case "rate_limited":
      return tooManyAttempts(refusal.retryAfterS, LIMITS["status-link"].what);
  }
}

const REFUSAL_STATUS: Record<StatusLinkRefusal["code"], number> = { invalid_link: 400, expired_link: 410, not_found: 404, rate_limited: 429 };

/** GET /api/status/[token]'s answer: `{status}`, or `{error:{code, message}}` (+ expiredAt) with its HTTP status. */
export function statusLinkResponse(lookup: StatusLookup): { status: number; body: unknown; headers: Record<string, string> } {
  if (lookup.ok) return { status: 200, body: { status: lookup.status }, headers: {} };
  const error = { code: lookup.code, message: refusalMessage(lookup), ...(lookup.code === "expired_link" ? { expiredAt: lookup.expiredAt } : {}) };
  return {
    status: REFUSAL_STATUS[lookup.code],
    body: { error },
    headers: lookup.code === "rate_limited" ? { "Retry-After": String(lookup.retryAfterS) } : {},
  };
}

/**
 * Why a link the page could not show failed, worked out again from the token alone (the page's
 * not-found screen gets no props): not genuine, expired, or genuine and current, so its bill is gone.
 */
export function refusalOfToken(rawToken: string, options: LookupOptions = {}): StatusLinkRefusal {
  const check = verifyStatusToken(rawToken, (options.env ?? getEnv()).statusLinkSecret, options.now ?? new Date());
  if (check.ok) return { ok: false, code: "not_found" };
  return check.reason === "expired" ? { ok: false, code: "expired_link", expiredAt: check.expiresAt } : { ok: false, code: "invalid_link" };
}
