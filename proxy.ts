import { NextResponse, type NextRequest } from "next/server";
import { oversizedActionResponse } from "@/lib/action-limits";
import { INVALID_PATH_MESSAGE, isValidPath } from "@/lib/request-path";
import { API_CSP, newNonce, pageCsp } from "@/lib/security-headers";

// Pages only. Optimistic gate: is there a session cookie at all? Every page, action and route
// checks the session itself (lib/server/auth/guards.ts). Also stamps each request with an id and
// sets the per-request CSP nonce (which is why every page renders dynamically).
//
// JSON routes (/api/*) skip the proxy (see `config.matcher`): their guards answer 401
// themselves, their CSP is a constant set in next.config.ts, and their request id comes from
// requestMeta (lib/server/context.ts). On the scan loop the proxy pass was a fixed cost on every
// request (a NextRequest, a header copy, a nonce) that bought those routes nothing. Only an /api
// path with a `%` in it comes here, to have its escapes checked (isValidPath).
const STATUS_PATH = /^\/status\/[^/]+$/;
const PUBLIC_PATHS = [
  /^\/login$/,
  /^\/forgot-password$/,
  // Self-registration: the page itself answers 404 unless REGISTRATION=open.
  /^\/register$/,
  /^\/reset-password\/[^/]+$/,
  // The second step of signing in: the page itself requires the signed pending-2FA cookie.
  /^\/2fa$/,
  /^\/health$/,
  // A bill's public status link (issue 18): the signed token is the only key it needs.
  STATUS_PATH,
];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

function isApiPath(pathname: string): boolean {
  return pathname.startsWith("/api/");
}

/** 400 in the JSON error contract for /api, a plain page (nothing to run, nothing to load) otherwise. */
function invalidPath(pathname: string): NextResponse {
  if (isApiPath(pathname)) {
    return NextResponse.json(
      { error: { code: "invalid_path", message: INVALID_PATH_MESSAGE } },
      { status: 400, headers: { "Cache-Control": "no-store", "Content-Security-Policy": API_CSP } },
    );
  }
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>400 — Bad address · TraceTrack</title></head>' +
    `<body><main><h1>400 — Bad address</h1><p>${INVALID_PATH_MESSAGE}</p><p><a href="/dashboard">Back to the dashboard</a></p></main></body></html>`;
  return new NextResponse(html, {
    status: 400,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": API_CSP },
  });
}

function withCsp<R extends NextResponse>(response: R, csp: string): R {
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!isValidPath(pathname)) return invalidPath(pathname);
  // Next answers an action body over its limit with a 500: refuse it here, before it is read.
  const tooLarge = oversizedActionResponse(request);
  if (tooLarge) return tooLarge;
  // A well-formed /api path with a `%` (the matcher sends only those): the route takes it from here.
  if (isApiPath(pathname)) return NextResponse.next();
  // /health is rewritten to /api/health after this pass (next.config.ts): JSON, and public.
  const isJson = pathname === "/health";
  const csp = isJson ? API_CSP : pageCsp(newNonce(), process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", crypto.randomUUID());
  requestHeaders.set("x-tracetrack-path", pathname + search);
  // Next reads the nonce from the request's CSP header and puts it on its own <script> tags.
  requestHeaders.set("Content-Security-Policy", csp);

  const isPublic = PUBLIC_PATHS.some((p) => p.test(pathname));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!isPublic && !hasSession) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", pathname + search);
    return withCsp(NextResponse.redirect(login), csp);
  }
  const response = withCsp(NextResponse.next({ request: { headers: requestHeaders } }), csp);
  // The status link's token is in its path: no referrer carries it on, no index or cache keeps it.
  if (STATUS_PATH.test(pathname)) {
    response.headers.set("Referrer-Policy", "no-referrer");
    response.headers.set("X-Robots-Tag", "noindex, nofollow");
    response.headers.set("Cache-Control", "no-store");
  }
  return response;
}

// Keep the excluded paths in step with STATIC_PATHS in next.config.ts, which gives them their
// CSP (tests/unit/security-edges.test.ts checks every kind of path ends up with one). The service
// worker, the web app manifest and its icons are fetched without a session (a browser asks for
// them on its own): they carry nothing of anyone's.
export const config = {
  matcher: [
    "/((?!api/|_next/static/|_next/image$|favicon\\.ico$|robots\\.txt$|sounds/|sw\\.js$|manifest\\.webmanifest$|icons/).*)",
    "/api/(.*%.*)",
  ],
};
