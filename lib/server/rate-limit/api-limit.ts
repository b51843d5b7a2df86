import "server-only";
import { createHash } from "node:crypto";
import { clientIpFrom } from "../request-context";
import { presentedBearer } from "../tokens/secret";
import { enforceLimit } from "./limiter";

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token=([^;]+)/;

/**
 * The caller's credential as a limiter key: the bearer token or the session cookie, hashed so a
 * raw credential never becomes a Redis key. Requests with neither share the IP budget only.
 */
export function apiAccountKey(req: Request): string | null {
  const bearer = presentedBearer(req.headers)?.credential;
  const credential = bearer ?? SESSION_COOKIE.exec(req.headers.get("cookie") ?? "")?.[1];
  return credential ? createHash("sha256").update(credential).digest("hex").slice(0, 32) : null;
}

/** Counts one JSON API request; throws RateLimitError (429 + Retry-After) when over the `api` limit. */
export async function enforceApiLimit(req: Request): Promise<void> {
  await enforceLimit("api", { ip: clientIpFrom(req.headers), account: apiAccountKey(req) });
}
