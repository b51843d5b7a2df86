import { NextResponse, type NextRequest } from "next/server";

// Optimistic gate only: is there a session cookie at all? Every page, action and route checks
// the session itself (lib/server/auth/guards.ts). Also stamps each request with an id.
const PUBLIC_PATHS = [/^\/login$/, /^\/api\/health$/, /^\/health$/, /^\/api\/auth\//];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", crypto.randomUUID());
  requestHeaders.set("x-tracetrack-path", pathname + search);

  const isPublic = PUBLIC_PATHS.some((p) => p.test(pathname));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!isPublic && !hasSession) {
    if (pathname.startsWith("/api/")) {
      return NextResponse.json(
        { error: { code: "unauthenticated", message: "Please sign in." } },
        { status: 401 },
      );
    }
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", pathname + search);
    return NextResponse.redirect(login);
  }
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|sounds/).*)"],
};
