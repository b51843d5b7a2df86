import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import type { ProxyMatcher } from "next/dist/build/analysis/get-page-static-info";
import { modifyRouteRegex } from "next/dist/lib/redirect-status";
import { getMiddlewareRouteMatcher } from "next/dist/shared/lib/router/utils/middleware-route-matcher";
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as unknownApi from "@/app/api/[...unknown]/route";
import { SERVICE_WORKER_CSP } from "@/lib/offline/service-worker-headers";
import { INVALID_PATH_MESSAGE, isValidPath } from "@/lib/request-path";
import { API_CSP } from "@/lib/security-headers";
import nextConfig from "@/next.config";
import { config, proxy } from "@/proxy";
import { ROUTES } from "../authz-manifest";

// The edges of the request: what proxy.ts answers before Next routes a path, which policy every
// path ends up with (proxy.ts or next.config.ts), and the JSON 404 for /api paths no route claims.

// How Next turns proxy.ts's `config.matcher` into the test it runs per request (not in its types).
const { getMiddlewareMatchers } = pageStaticInfo as unknown as { getMiddlewareMatchers: (matcher: string[], nextConfig: object) => ProxyMatcher[] };
const reachesProxy = getMiddlewareRouteMatcher(getMiddlewareMatchers(config.matcher, {}));
const reaches = (path: string) => reachesProxy(path, { headers: {}, cookies: new Map() } as never, {});

const SESSION = { cookie: "authjs.session-token=some-token" };
const at = (path: string, headers: Record<string, string> = {}) => new NextRequest(new URL(path, "http://localhost:3000"), { headers });

describe("a path whose %-escapes do not decode", () => {
  it.each([
    ["/api/bag/SB00001", true],
    ["/api/bills/B%2F1/parents", true],
    ["/bills/%E0%A4%85", true],
    ["/api/bag/%ZZ", false],
    ["/bills/%E0%A4%A", false],
    ["/api/%", false],
    ["/api/bag/%C0%AF", false],
    ["/api/bag/%00", false],
    ["/api/bag/SB%0A1", false],
    ["/api/bag/%7F", false],
  ])("%s is valid: %s", (path, valid) => {
    expect(isValidPath(path)).toBe(valid);
  });

  it.each(["/api/bag/%ZZ", "/api/bills/%E0%A4%A/parents", "/api/bag/%00"])("answers %s with a JSON 400 invalid_path that no cache keeps", async (path) => {
    const res = proxy(at(path, SESSION));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "invalid_path", message: INVALID_PATH_MESSAGE } });
    expect(res.headers.get("content-security-policy")).toBe(API_CSP);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers a page with a 400 page, signed in or not (no sign-in detour to a page that cannot exist)", async () => {
    for (const headers of [SESSION, {}]) {
      const res = proxy(at("/bills/%E0%A4%A", headers));
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.headers.get("content-security-policy")).toBe(API_CSP);
      expect(await res.text()).toContain("400 — Bad address");
    }
  });

  it("lets a well-formed escaped /api path through untouched, and pages keep their nonce policy", () => {
    const api = proxy(at("/api/bills/B%2F1/parents", SESSION));
    expect(api.headers.get("x-middleware-next")).toBe("1");
    expect(api.headers.get("content-security-policy")).toBeNull();
    const page = proxy(at("/bills/DEMO%2D001", SESSION));
    expect(page.headers.get("x-middleware-next")).toBe("1");
    expect(page.headers.get("content-security-policy")).toMatch(/'nonce-[^']+'/);
  });
});

describe("which requests reach proxy.ts", () => {
  it("sends every /api path with a % to the proxy, and keeps the scan loop's plain /api paths out of it", () => {
    for (const path of ["/api/bag/%ZZ", "/api/bills/%E0%A4%A/parents", "/api/bag/%41"]) expect(reaches(path), path).toBe(true);
    for (const path of ["/api/scan/child", "/api/scan/parent", "/api/bag/SB00001", "/api/stats", "/api/health/live"]) expect(reaches(path), path).toBe(false);
  });

  it("sends every page to the proxy, static files not", () => {
    for (const path of ["/", "/login", "/bills/DEMO-001", "/health", "/favicon.icon", "/robots.txt.bak", "/soundsx", "/sw.js.map", "/iconsx", "/scan"]) expect(reaches(path), path).toBe(true);
    for (const path of ["/_next/static/chunks/app.js", "/_next/image", "/favicon.ico", "/robots.txt", "/sounds/beep.mp3"]) expect(reaches(path), path).toBe(false);
  });

  it("serves the service worker, the web app manifest and its icons without a session (a browser fetches them on its own)", () => {
    for (const path of ["/sw.js", "/manifest.webmanifest", "/icons/icon-192.png"]) expect(reaches(path), path).toBe(false);
  });
});

describe("security headers on every path", () => {
  type HeaderRule = { source: string; headers: { key: string; value: string }[] };
  const rulesPromise = (nextConfig.headers as () => Promise<HeaderRule[]>)();
  // How Next matches a headers() source (next/dist/server/lib/router-utils/filesystem.js).
  const matches = (rule: HeaderRule, path: string) =>
    Boolean(getPathMatch(rule.source, { strict: true, removeUnnamedParams: true, regexModifier: (r: string) => modifyRouteRegex(r) })(path));

  /** The response headers a path ends up with: next.config.ts's, then the proxy's over them (as Next merges them). */
  async function headersOf(path: string): Promise<Map<string, string>> {
    const headers = new Map<string, string>();
    for (const rule of await rulesPromise) if (matches(rule, path)) for (const h of rule.headers) headers.set(h.key.toLowerCase(), h.value);
    if (reaches(path)) {
      proxy(at(path, SESSION)).headers.forEach((value, key) => headers.set(key, value));
    }
    return headers;
  }

  const STATIC = [
    "/favicon.ico",
    "/robots.txt",
    "/sounds/beep.mp3",
    "/sounds/missing.wav",
    "/_next/static/chunks/missing.js",
    "/_next/image",
    "/manifest.webmanifest",
    "/icons/icon-512.png",
    "/icons/missing.png",
  ];
  const API = ["/api/health", "/api/no-such-endpoint", "/api/auth/session", "/api/bag/%ZZ", "/health"];
  const PAGES = ["/", "/login", "/dashboard", "/bills/DEMO-001", "/no-such-page", "/favicon.icon", "/bills/%E0%A4%A"];

  it.each([...STATIC, ...API])("%s (a static file, its 404, or JSON) gets the strict policy and the other headers", async (path) => {
    const headers = await headersOf(path);
    expect(headers.get("content-security-policy")).toBe(API_CSP);
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it.each(PAGES.slice(0, -1))("page %s gets a nonce policy from the proxy and the other headers", async (path) => {
    const headers = await headersOf(path);
    expect(headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers.get("x-frame-options")).toBe("DENY");
  });

  it("gives the service worker a policy of its own: it may fetch from this origin and nothing else, and is never cached", async () => {
    const headers = await headersOf("/sw.js");
    expect(headers.get("content-security-policy")).toBe(SERVICE_WORKER_CSP);
    expect(SERVICE_WORKER_CSP).toMatch(/^default-src 'none'; connect-src 'self';/);
    expect(headers.get("cache-control")).toBe("no-cache");
    expect(headers.get("service-worker-allowed")).toBe("/");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("gives the 400 page of a broken path the strict policy (it has nothing to run)", async () => {
    expect((await headersOf("/bills/%E0%A4%A")).get("content-security-policy")).toBe(API_CSP);
  });
});

describe("an /api path no route claims", () => {
  it.each(["GET", "POST", "PUT", "PATCH", "DELETE"] as const)("answers %s with the JSON 404 of the contract, never cached", async (method) => {
    const res = unknownApi[method]();
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "There is no API endpoint at this address." } });
  });
});

describe("every route handler", () => {
  // Next 16 prerenders a GET handler only when asked (revalidate, generateStaticParams): saying
  // force-dynamic everywhere keeps a later such export from freezing a JSON answer at build time.
  it.each(Object.keys(ROUTES))("%s runs per request (dynamic = force-dynamic), so no build-time answer is served", (file) => {
    const source = readFileSync(join(import.meta.dirname, "../../app", file), "utf8");
    expect(source).toMatch(/^export const dynamic = "force-dynamic";$/m);
  });
});
