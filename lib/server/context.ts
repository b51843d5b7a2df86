import "server-only";

// The request-bound half of the service layer: guards first, then the ServiceContext (lib/server/
// service.ts) a verb runs in. Server actions and route handlers build theirs here.
import { headers } from "next/headers";
import type { Action } from "@/lib/permissions";
import { requirePermission, requireUser, type GateOptions } from "./auth/guards";
import { getDb } from "./db";
import { getEnv } from "./env";
import { ForbiddenError, UnauthorizedError } from "./errors";
import { enforceLimit } from "./rate-limit/limiter";
import type { LimitName } from "./rate-limit/limits";
import { clientIpFrom, REQUEST_ID_HEADER, requestIdFor } from "./request-context";
import { contextFor, type PublicContext, type RequestMeta, type ServiceContext } from "./service";

/** Who a guard lets in: signed in with no duty owed (GateOptions), and allowed `permission`. */
export interface Access {
  permission?: Action;
  gate?: GateOptions;
  /** A rate limit counted per IP and per account before the verb runs (429 when spent). */
  limit?: LimitName;
}

async function guarded(meta: RequestMeta, access: Access): Promise<ServiceContext> {
  const user = access.permission ? await requirePermission(access.permission, access.gate) : await requireUser(access.gate);
  if (access.limit) await enforceLimit(access.limit, { ip: meta.ip, account: user.id });
  return contextFor(getDb(), user, meta);
}

/** Request metadata of a server action or page (proxy.ts stamps every page request with an id). */
export async function actionMeta(): Promise<RequestMeta> {
  const h = await headers();
  return {
    ip: clientIpFrom(h),
    requestId: h.get(REQUEST_ID_HEADER) ?? crypto.randomUUID(),
    userAgent: h.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/** Request metadata of a JSON route; call it once per request (it may mint the id). */
export function requestMeta(req: Request): RequestMeta {
  return {
    ip: clientIpFrom(req.headers),
    requestId: requestIdFor(req.headers, getEnv().TRUST_PROXY),
    userAgent: req.headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/** For server actions: the guards first (401/403/429), then the context the verb runs in. */
export async function contextForAction(access: Access = {}): Promise<ServiceContext> {
  const ctx = await guarded(await actionMeta(), access);
  // Actions are the browser's: a session cookie only (getCurrentUser reads bearers on /api/* alone).
  if (ctx.actor.apiToken) throw new UnauthorizedError();
  return ctx;
}

const READ_METHODS = new Set(["GET", "HEAD"]);

/** For JSON route handlers: the same guards, with the request's own metadata. A read-only API token reads only. */
export async function contextForRequest(req: Request, access: Access = {}): Promise<ServiceContext> {
  const ctx = await guarded(requestMeta(req), access);
  if (ctx.actor.apiToken?.readOnly && !READ_METHODS.has(req.method.toUpperCase())) {
    throw new ForbiddenError("This API token is read-only: it may only GET.", "read_only_token");
  }
  return ctx;
}

/** For the public forms (sign-in, forgot/reset password, 2FA step): no actor, same metadata. */
export async function publicContextForAction(): Promise<PublicContext> {
  return { db: getDb(), meta: await actionMeta() };
}
