import "server-only";
import { NextResponse } from "next/server";
import { toErrorBody } from "./errors";

/** Serialises a route handler's result or error into the JSON contract of DESIGN.md §6. */
export function withErrors<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args: Args) => {
    try {
      return await handler(...args);
    } catch (err) {
      const { status, body, headers } = toErrorBody(err);
      return NextResponse.json(body, { status, headers });
    }
  };
}
