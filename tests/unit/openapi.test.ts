import { readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MESSAGES } from "@/i18n/messages";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { operationsOf, renderDocsPage } from "@/lib/openapi/docs-page";
import { DOCS_CSP, DOCS_STYLE } from "@/lib/openapi/docs-style";
import type { JsonSchema } from "@/lib/openapi/json-schema";
import { API_OPERATIONS } from "@/lib/openapi/registry";
import { CreateBillJson } from "@/lib/schemas/bills";
import { ReserveLabelsJson } from "@/lib/schemas/labels";
import { ScanChildInput } from "@/lib/schemas/scan";
import type { Locale } from "@/lib/preferences";

// Issue 19, the API's description: every route file under app/api has its operations in the
// OpenAPI document and every operation has its route; the document is valid OpenAPI 3.1; its
// request bodies are the routes' own zod schemas; the /api/docs page lists every operation.

const API_DIR = path.join(import.meta.dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const doc = buildOpenApiDocument({ version: "test" });

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "[...unknown]" ? [] : routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** "GET /api/bills/{billNumber}" for each HTTP method a route file exports. */
function routeOperations(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const exported = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\b/g)) exported.add(m[1] ?? "");
  for (const m of source.matchAll(/export\s+const\s+([A-Z]+)\s*[=:]/g)) exported.add(m[1] ?? "");
  const segments = path.relative(API_DIR, path.dirname(file)).split(path.sep);
  const apiPath = `/api/${segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
  return METHODS.filter((m) => exported.has(m)).map((m) => `${m} ${apiPath}`);
}

const documented = () => operationsOf(doc).map(({ method, path: p }) => `${method.toUpperCase()} ${p}`);

describe("the OpenAPI document lists the API", () => {
  const routes = routeFiles(API_DIR).flatMap(routeOperations);

  it("finds the route files it checks (the walk itself works)", () => {
    expect(routes).toContain("POST /api/scan/child");
    expect(routes).toContain("DELETE /api/bills/{billNumber}/parents/{qr}");
    expect(routes).toContain("GET /api/openapi.json");
    expect(routes.some((r) => r.includes("[...unknown]") || r.includes("{...unknown}"))).toBe(false);
  });

  it("has an operation for every exported method of every route under app/api", () => {
    const missing = routes.filter((r) => !documented().includes(r));
    expect(missing, "routes without an entry in lib/openapi/registry.ts").toEqual([]);
  });

  it("has a route for every operation it lists", () => {
    const stale = documented().filter((op) => !routes.includes(op));
    expect(stale, "entries of lib/openapi/registry.ts without a route").toEqual([]);
  });

  it("gives each operation a unique operationId and a known tag", () => {
    const ids = API_OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = (doc.tags as { name: string }[]).map((t) => t.name);
    for (const op of API_OPERATIONS) expect(tags, op.operationId).toContain(op.tag);
  });
});

describe("the OpenAPI document is valid", () => {
  it("validates as OpenAPI 3.1 with swagger-parser", async () => {
    expect(doc.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("declares the session cookie and bearer tokens, and public operations as needing neither", () => {
    const schemes = (doc.components as { securitySchemes: Record<string, JsonSchema> }).securitySchemes;
    expect(schemes.apiToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie" });
    expect(doc.paths["/api/health"]?.get?.security).toEqual([]);
    expect(doc.paths["/api/scan/child"]?.post?.security).toEqual([{ sessionCookie: [] }, { apiToken: [] }]);
    // Issuing a token refuses tokens: a signed-in session only.
    expect(doc.paths["/api/admin/tokens"]?.post?.security).toEqual([{ sessionCookie: [] }]);
  });

  it("answers refusals with the error shape and the statuses a guarded JSON route can give", () => {
    const responses = doc.paths["/api/scan/child"]?.post?.responses as Record<string, JsonSchema>;
    expect(Object.keys(responses).sort()).toEqual(["200", "400", "401", "403", "404", "409", "413", "415", "429"]);
    expect(responses["409"]?.["x-error-codes"]).toEqual(expect.arrayContaining(["linked_elsewhere", "parent_full", "parent_completed", "wrong_type"]));
    expect(JSON.stringify(responses["409"]?.content)).toContain("#/components/schemas/ErrorBody");
    const errorBody = (doc.components as { schemas: Record<string, JsonSchema> }).schemas.ErrorBody;
    expect(errorBody).toMatchObject({ required: ["error"], properties: { error: { required: ["code", "message"] } } });
  });
});

// ---- request bodies: the routes' own schemas ----------------------------------------------

/**
 * A small JSON Schema check (the keywords zod writes for these bodies), so a sample body can be
 * judged by the document as a client generator would judge it, and compared with zod's verdict.
 */
function accepts(schema: JsonSchema, value: unknown): boolean {
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some((s) => accepts(s as JsonSchema, value));
  if ("const" in schema && value !== schema.const) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
  if (types.length > 0 && !types.some((t) => t === typeOf(value) || (t === "number" && typeof value === "number"))) return false;
  if (typeof value === "string") {
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) return false;
    if (typeof schema.minLength === "number" && value.length < schema.minLength) return false;
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) return false;
  }
  if (typeof value === "number") {
    if (typeof schema.maximum === "number" && value > schema.maximum) return false;
    if (typeof schema.minimum === "number" && value < schema.minimum) return false;
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in value)) return false;
    for (const [key, v] of Object.entries(value)) {
      const prop = props[key];
      if (prop ? !accepts(prop, v) : schema.additionalProperties === false) return false;
    }
  }
  return true;
}

const bodyOf = (p: string, method: string) =>
  (doc.paths[p]?.[method] as { requestBody: { content: Record<string, { schema: JsonSchema }> } }).requestBody.content["application/json"]?.schema as JsonSchema;

describe("a request body in the document is the route's own schema", () => {
  it("requires what POST /api/scan/child requires, and refuses other fields as the route does", () => {
    const schema = bodyOf("/api/scan/child", "post");
    expect(schema.required).toEqual(["parentQr", "qr"]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object).sort()).toEqual(Object.keys(ScanChildInput.shape).sort());
  });

  // [path, method, the zod schema the verb parses, path values the route lays over the body, samples]
  const CASES: [string, string, z.ZodType, Record<string, string>, unknown[]][] = [
    [
      "/api/scan/child",
      "post",
      ScanChildInput,
      {},
      [{ parentQr: "SB12345", qr: "0016557" }, { parentQr: "SB12345" }, { parentQr: "SB12345", qr: 7 }, { parentQr: "SB12345", qr: "0016557", extra: true }, { parentQr: "SB1", qr: "x".repeat(300) }],
    ],
    [
      "/api/bills",
      "post",
      CreateBillJson,
      {},
      [{ billNumber: "INV-1", capacity: 10 }, { billNumber: "INV-1", capacity: 0 }, { billNumber: "INV-1", capacity: 501 }, { capacity: 10 }, { billNumber: "INV-1", capacity: 10, customer: null }, { billNumber: "INV-1", capacity: 10, colour: "red" }],
    ],
    ["/api/labels", "post", ReserveLabelsJson, {}, [{ kind: "SB", count: 24 }, { kind: "SB", count: 0 }, { kind: "SB", count: 1001 }, { count: 24 }, { kind: "SB", count: 24, note: "dock 4" }]],
  ];

  it.each(CASES)("%s %s: a sample body the schema refuses, the document refuses too (and the other way round)", (p, method, schema, fromPath, samples) => {
    const json = bodyOf(p, method);
    for (const sample of samples) {
      const merged = typeof sample === "object" && sample !== null ? { ...sample, ...fromPath } : sample;
      expect(accepts(json, sample), JSON.stringify(sample)).toBe(schema.safeParse(merged).success);
    }
  });

  it("leaves the path's segments out of the body, as the route refuses a body naming one", () => {
    const schema = bodyOf("/api/bills/{billNumber}/parents", "post");
    expect(Object.keys(schema.properties as object).sort()).toEqual(["idempotencyKey", "qr"]);
    expect(accepts(schema, { qr: "SB12345" })).toBe(true);
    expect(accepts(schema, { qr: "SB12345", billNumber: "INV-1" })).toBe(false);
    const params = doc.paths["/api/bills/{billNumber}/parents"]?.post?.parameters as JsonSchema[];
    expect(params.map((p) => `${String(p.in)}:${String(p.name)}`)).toEqual(["path:billNumber", "header:Idempotency-Key"]);
  });

  it("marks a field required exactly when the route's zod object requires it (every JSON body)", () => {
    for (const op of API_OPERATIONS) {
      if (op.body?.kind !== "json" || !(op.body.schema instanceof z.ZodObject)) continue;
      const fromPath = op.body.fromPath ?? Object.keys(op.params ?? {});
      const shape = op.body.schema.shape as Record<string, z.ZodType>;
      // Required: the field refuses being left out (a preprocess or default may fill it in).
      const required = Object.keys(shape).filter((k) => !fromPath.includes(k) && shape[k]?.safeParse(undefined).success === false);
      const schema = bodyOf(op.path, op.method);
      expect([...((schema.required ?? []) as string[])].sort(), op.operationId).toEqual(required.sort());
    }
  });

  it("describes query strings with the routes' filter schemas", () => {
    const params = doc.paths["/api/bills"]?.get?.parameters as JsonSchema[];
    expect(params.map((p) => p.name)).toEqual(expect.arrayContaining(["q", "status", "from", "to", "user", "after", "limit"]));
    expect(params.find((p) => p.name === "status")?.schema).toMatchObject({ enum: ["new", "processing", "completed", "dispatched"] });
    // The export's filters depend on the dataset: each says which it belongs to.
    const exportParams = doc.paths["/api/exports/{file}"]?.get?.parameters as JsonSchema[];
    expect(exportParams.find((p) => p.name === "linked")?.description).toBe("Only for: bags.");
    expect(exportParams.map((p) => p.name)).not.toContain("after");
  });
});

// ---- the /api/docs page --------------------------------------------------------------------

function page(locale: Locale, theme: "system" | "dark" = "system"): string {
  const strict = { onError: (error: Error) => { throw error; } };
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "docs" as never, ...strict }) as unknown as (key: string, values?: Record<string, string | number>) => string;
  const common = createTranslator({ locale, messages: MESSAGES[locale], namespace: "common" as never, ...strict }) as unknown as (key: string) => string;
  return renderDocsPage({ document: doc, locale, theme, t, roleName: (role) => common(`roles.${role}`) });
}

describe("the /api/docs page", () => {
  it.each(["en", "hi"] as const)("lists every operation with its method and path (%s)", (locale) => {
    const html = page(locale);
    for (const op of API_OPERATIONS) {
      expect(html, op.operationId).toContain(`id="op-${op.operationId}"`);
      expect(html, op.operationId).toContain(`${op.method.toUpperCase()}</span> <code>${op.path}</code>`);
    }
  });

  it("speaks the reader's language in its chrome, with landmarks and the lang attribute", () => {
    const en = page("en");
    expect(en).toMatch(/^<!doctype html><html lang="en" data-theme="system">/);
    expect(en).toContain("<h1>TraceTrack API reference</h1>");
    for (const landmark of ["<header>", "<nav ", '<main id="main"', "<footer>"]) expect(en).toContain(landmark);
    expect(en).toContain('href="#main"');
    const hi = page("hi", "dark");
    expect(hi).toMatch(/^<!doctype html><html lang="hi" data-theme="dark">/);
    expect(hi).toContain("<h1>TraceTrack API संदर्भ</h1>");
    expect(hi).toContain("अनुरोध की बॉडी");
    expect(hi).toContain("अधिकतम 256 अक्षर");
  });

  it("shows a request body as a table of fields with their type, whether required, and rules", () => {
    const html = page("en");
    const article = html.slice(html.indexOf('id="op-scanChild"'), html.indexOf("</article>", html.indexOf('id="op-scanChild"')));
    expect(article).toContain('<th scope="row"><code>parentQr</code></th><td><code>string</code></td><td>yes</td><td>at most 256 characters</td>');
    expect(article).toContain("<code>idempotencyKey</code></th><td><code>string</code></td><td>no</td>");
    expect(article).toContain("Any other field is refused.");
  });

  it("runs no script and its one style block is the one its policy allows", () => {
    const html = page("en");
    expect(html).not.toMatch(/<script|\son[a-z]+=|style="/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    expect(style).toBe(DOCS_STYLE);
    const hash = createHash("sha256").update(style ?? "", "utf8").digest("base64");
    expect(DOCS_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(DOCS_CSP).toMatch(/^default-src 'none'; /);
    expect(DOCS_CSP).toContain("frame-ancestors 'none'");
  });
});
