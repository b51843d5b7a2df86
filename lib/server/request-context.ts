import "server-only";
import { clientIp } from "./client-ip";
import { getEnv } from "./env";

// Where a request comes from, read from its headers; lib/server/context.ts turns it into the
// RequestMeta every verb gets (actionMeta for actions and pages, requestMeta for JSON routes).

export const REQUEST_ID_HEADER = "x-request-id";
export const PATH_HEADER = "x-tracetrack-path";

/**
 * The client's address under the TRUST_PROXY policy (lib/server/client-ip.ts): never a value a
 * directly connected client can choose, and "unknown" (not null) when there is none to be had.
 */
export function clientIpFrom(h: Headers): string {
  return clientIp(h, getEnv().TRUST_PROXY);
}

const FORWARDED_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The id audit rows carry for a JSON route's request (those skip proxy.ts, which stamps pages).
 * A proxy's id (load balancer, nginx `$request_id`) is kept only when TRUST_PROXY says the proxy
 * owns the headers, and only if it is a plain token; otherwise it is minted here, so a client can
 * never choose the id an audit row is filed under.
 */
export function requestIdFor(h: Headers, trustProxy: boolean): string {
  const forwarded = trustProxy ? h.get(REQUEST_ID_HEADER) : null;
  return forwarded && FORWARDED_ID.test(forwarded) ? forwarded : crypto.randomUUID();
}
