import "server-only";
import { headers } from "next/headers";

export interface RequestContext {
  ip: string | null;
  requestId: string;
  userAgent: string | null;
}

export const REQUEST_ID_HEADER = "x-request-id";
export const PATH_HEADER = "x-tracetrack-path";

/** Client IP as Next recorded it (the socket address unless a proxy header was already present). */
export function clientIpFrom(h: Headers): string | null {
  const forwarded = h.get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  return first ? first.slice(0, 64) : null;
}

/** Who is asking, for audit rows and sessions. The proxy stamps every request with an id. */
export async function getRequestContext(): Promise<RequestContext> {
  const h = await headers();
  return {
    ip: clientIpFrom(h),
    requestId: h.get(REQUEST_ID_HEADER) ?? crypto.randomUUID(),
    userAgent: h.get("user-agent")?.slice(0, 512) ?? null,
  };
}
