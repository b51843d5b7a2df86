import { modifyRouteRegex } from "next/dist/lib/redirect-status";
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getDocsPage } from "@/app/api/docs/route";
import { GET as getOpenApi } from "@/app/api/openapi.json/route";
import { DOCS_CSP } from "@/lib/openapi/docs-style";
import type { SessionUser } from "@/lib/server/auth/session";
import { sessionUserOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { API_CSP } from "@/lib/security-headers";
import nextConfig from "@/next.config";

// GET /api/openapi.json and GET /api/docs as route handlers (issue 19): the document as public,
// cacheable JSON; the reference as HTML in the reader's language and theme, with its own policy,
// which next.config.ts also sends for it. (next.config.ts is imported here, in a process of its
// own: the unit tier's worker threads cannot load its native watcher twice.)

const request = vi.hoisted(() => ({ acceptLanguage: "", cookies: {} as Record<string, string>, user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "accept-language": request.acceptLanguage, "user-agent": "vitest" }),
  cookies: async () => ({
    get: (name: string) => (name in request.cookies ? { name, value: request.cookies[name] } : undefined),
    has: (name: string) => name in request.cookies,
    getAll: () => Object.entries(request.cookies).map(([name, value]) => ({ name, value })),
    set: () => undefined,
    delete: () => undefined,
  }),
}));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => request.user,
}));

const db = setupTestDb();
let dispatcher: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  dispatcher = await makeUser(db().db, "dispatcher");
});

function visit(acceptLanguage: string, cookies: Record<string, string> = {}, user: SessionUser | null = null) {
  request.acceptLanguage = acceptLanguage;
  request.cookies = cookies;
  request.user = user;
}

describe("GET /api/openapi.json", () => {
  it("answers the OpenAPI 3.1 document as JSON anyone may cache for a while", async () => {
    const res = getOpenApi();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const doc = (await res.json()) as { openapi: string; info: { version: string }; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toEqual(expect.any(String));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/scan/child", "/api/bills/{billNumber}", "/api/openapi.json", "/api/docs"]));
  });
});

describe("GET /api/docs", () => {
  it("answers an HTML page with its own policy: no script, its one style block by hash", async () => {
    visit("en-IN");
    const res = await getDocsPage();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe(DOCS_CSP);
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="en" data-theme="system">/);
    expect(html).toContain('id="op-scanChild"');
    expect(html).not.toContain("<script");
  });

  it("speaks Hindi to a signed-out Hindi browser, and keeps the device's theme", async () => {
    visit("hi-IN,hi;q=0.9", { "tt-theme": "dark" });
    const html = await (await getDocsPage()).text();
    expect(html).toMatch(/^<!doctype html><html lang="hi" data-theme="dark">/);
    expect(html).toContain("<h1>TraceTrack API संदर्भ</h1>");
  });

  it("follows a signed-in person's own language over the browser's", async () => {
    visit("hi-IN", {}, sessionUserOf(dispatcher, { locale: "en", theme: "contrast" }));
    const html = await (await getDocsPage()).text();
    expect(html).toMatch(/^<!doctype html><html lang="en" data-theme="contrast">/);
    expect(html).toContain("<h1>TraceTrack API reference</h1>");
  });

  it("gets its own policy from next.config.ts, while every other /api path keeps the strict one", async () => {
    type HeaderRule = { source: string; headers: { key: string; value: string }[] };
    const rules = await (nextConfig.headers as () => Promise<HeaderRule[]>)();
    // As Next merges them: later rules overwrite earlier ones (next/dist/server/lib/router-utils).
    const cspOf = (p: string) => {
      let csp: string | undefined;
      for (const rule of rules) {
        const match = getPathMatch(rule.source, { strict: true, removeUnnamedParams: true, regexModifier: (r: string) => modifyRouteRegex(r) });
        if (match(p)) for (const h of rule.headers) if (h.key.toLowerCase() === "content-security-policy") csp = h.value;
      }
      return csp;
    };
    expect(cspOf("/api/docs")).toBe(DOCS_CSP);
    for (const p of ["/api/openapi.json", "/api/docs/x", "/api/docsx", "/api/scan/child"]) expect(cspOf(p), p).toBe(API_CSP);
  });
});
