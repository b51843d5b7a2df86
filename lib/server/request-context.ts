import "server-only";
import { headers } from "next/headers";
import { clientIp } from "./client-ip";
import { getEnv } from "./env";

export interface RequestContext {
  ip: string | null;
  requestId: string;
  userAgent: string | null;
}

export const REQUEST_ID_HEADER = "x-request-id";
export const PATH_HEADER = "x-tracetrack-path";

/**
 * The client's address under the TRUST_PROXY policy (lib/server/client-ip.ts): never a value a
 * directly connected client can choose, and "unknown" (not null) when there is none to be had.
 */
export function clientIpFrom(h: Headers): string {
  return clientIp(h, getEnv().TRUST_PROXY);
}

/** Who is asking, for audit rows, sessions and rate limits. The proxy stamps every request with an id. */
export async function getRequestContext(): Promise<RequestContext> {
  const h = await headers();
  return {
    ip: clientIpFrom(h),
    requestId: h.get(REQUEST_ID_HEADER) ?? crypto.randomUUID(),
    userAgent: h.get("user-agent")?.slice(0, 512) ?? null,
  };
}
