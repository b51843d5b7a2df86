import "server-only";
import { NextResponse } from "next/server";
import { enforceApiLimit } from "./rate-limit/api-limit";
import { contextForRequest, type Access } from "./context";
import type { ServiceContext } from "./service";
import { toErrorBody, ValidationError } from "./errors";
import { assertSameOrigin, readJson } from "./http";
import { recordServerError } from "./stats/runtime-metrics";

/** Serialises a route handler's result or error into the JSON contract of DESIGN.md §6. */
export function withErrors<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args: Args) => {
    try {
      // Every JSON route counts against the `api` limit (per IP and per session/bearer token).
      if (args[0] instanceof Request) await enforceApiLimit(args[0]);
      return await handler(...args);
    } catch (err) {
      const { status, body, headers } = toErrorBody(err);
      if (status >= 500) recordServerError();
      // A refusal is as personal as an answer: no cache may keep either.
      return NextResponse.json(body, { status, headers: { ...headers, "Cache-Control": "no-store" } });
    }
  };
}

/** A dynamic route segment, URL-decoded once; a malformed escape stays as sent (and then matches nothing). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

type Segments = Record<string, string>;

export interface RouteRequest<P extends Segments> {
  req: Request;
  /** The path's dynamic segments, decoded. */
  params: P;
  /**
   * The JSON body (same-origin, JSON media type, bounded) with the path's segments laid over it.
   * `optional`: the route's body may be left empty and then reads as `{}`.
   */
  json(options?: { optional?: boolean }): Promise<unknown>;
}

/**
 * A JSON route as a thin adapter: the api limit, the guards of `access`, then `handle` (which
 * calls one verb), and every failure mapped one way (toErrorBody). A plain value answers as
 * JSON with `status` (200 by default); a Response passes through (streams, files).
 */
export function defineRoute<P extends Segments = Segments>(
  access: Access,
  handle: (ctx: ServiceContext, request: RouteRequest<P>) => Promise<unknown>,
  options: { status?: number } = {},
): (req: Request, segment?: { params: Promise<P> }) => Promise<Response> {
  return withErrors(async (req: Request, segment?: { params: Promise<P> }) => {
    const ctx = await contextForRequest(req, access);
    // Every method that changes something, with a body or not (DELETE), passes the CSRF rule.
    assertSameOrigin(req);
    // A route without dynamic segments is handed `{ params: Promise<undefined> }`.
    const raw: Partial<P> = (await segment?.params) ?? {};
    const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeSegment(String(v))])) as P;
    const json = async (options: { optional?: boolean } = {}) => {
      const body = await readJson(req, options);
      // Only a JSON object takes the path's segments; anything else reaches the schema as sent.
      if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
      // A body naming a path segment would be silently overruled: refuse it, as a strict schema did.
      const named = Object.keys(params).filter((key) => key in body);
      if (named.length > 0) {
        const fields = Object.fromEntries(named.map((key) => [key, ["Set by the path; leave it out of the body."]]));
        throw new ValidationError(`${named.join(", ")} comes from the path; leave it out of the body.`, fields);
      }
      return { ...body, ...params };
    };
    const result = await handle(ctx, { req, params, json });
    if (result instanceof Response) return result;
    return NextResponse.json(result, { status: options.status ?? 200, headers: { "Cache-Control": "no-store" } });
  });
}
