import { API_CSP } from "./security-headers";

// How much a server action may be sent. No "server-only": next.config.ts and proxy.ts read it.

/** Next reads at most this much of a server action's request body (next.config.ts; Next's default). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/** What one action's arguments may hold all told, in characters (lib/server/action.ts). */
export const ACTION_INPUT_LIMIT = 64 * 1024;

export const ACTION_TOO_LARGE_MESSAGE = `What you sent is too large for this page (at most ${ACTION_BODY_LIMIT_BYTES / (1024 * 1024)} MB). Go back, shorten it and try again.`;

/**
 * The friendly 413 for a request to a page (a server action is a POST to its page) whose
 * declared body is over what Next reads, answered before Next reads it: Next itself answers an
 * oversized action with a 500. Null when the request may go on.
 */
export function oversizedActionResponse(request: Request): Response | null {
  if (request.method === "GET" || request.method === "HEAD") return null;
  const declared = Number(request.headers.get("content-length") ?? "");
  if (!(declared > ACTION_BODY_LIMIT_BYTES)) return null;
  const headers = { "Cache-Control": "no-store", "Content-Security-Policy": API_CSP };
  // A script's call (the Next-Action header) gets the sentence; a plain form post gets a page.
  if (request.headers.has("next-action")) {
    return new Response(ACTION_TOO_LARGE_MESSAGE, { status: 413, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
  }
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>413 — Too large · TraceTrack</title></head>' +
    `<body><main><h1>413 — Too large</h1><p>${ACTION_TOO_LARGE_MESSAGE}</p></main></body></html>`;
  return new Response(html, { status: 413, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}
