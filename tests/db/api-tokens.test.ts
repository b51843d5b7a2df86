import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { issueApiTokenAction, revokeApiTokenAction } from "@/app/(admin)/admin/tokens/actions";
import { DELETE as revokeRoute } from "@/app/api/admin/tokens/[id]/route";
import { GET as listRoute, POST as issueRoute } from "@/app/api/admin/tokens/route";
import { GET as listBillsRoute, POST as createBillRoute } from "@/app/api/bills/route";
import { POST as childRoute } from "@/app/api/scan/child/route";
import { POST as parentRoute } from "@/app/api/scan/parent/route";
import { apiTokens, auditLog, sessions, users } from "@/db/schema";
import { getCurrentUser, getSessionCookieName } from "@/lib/server/auth/session";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import type { RateLimiter } from "@/lib/server/rate-limit/limits";
import { issueApiToken } from "@/lib/server/tokens/manage";
import { resolveApiToken } from "@/lib/server/tokens/resolve";
import { istDay, istDayBounds } from "@/lib/time";
import { ctxOf, settle } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// API tokens (issue 17, DESIGN.md §6b) through the real route handlers, guards and database: only
// Next's request store is stood in for (next/headers reads the request being handled, as in Next).

const store = await vi.hoisted(async () => {
  const { AsyncLocalStorage } = await import("node:async_hooks");
  return new AsyncLocalStorage<Headers>();
});
vi.mock("next/headers", () => ({
  headers: async () => store.getStore() ?? new Headers(),
  cookies: async () => {
    const header = store.getStore()?.get("cookie") ?? "";
    const jar = new Map(header.split(/;\s*/).filter(Boolean).map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as const));
    return {
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
      has: (name: string) => jar.has(name),
      set: () => undefined,
      delete: () => undefined,
    };
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
delete process.env.REDIS_URL;

const db = setupTestDb();
const ORIGIN = "http://tracetrack.test";
const CLIENT_IP = "203.0.113.9";
const TOKEN_SHAPE = /^tt_[A-Za-z0-9_-]{43}$/;
const NEXT_YEAR = istDay(new Date(Date.now() + 365 * 24 * 3_600_000));

type Handler<P> = (req: Request, segment: { params: Promise<P> }) => Promise<Response>;

interface Call<P = object> {
  method?: string;
  body?: unknown;
  bearer?: string;
  cookie?: string;
  headers?: Record<string, string>;
  params?: P;
}

/** One request through a route handler, with the request's headers in the (stand-in) request store. */
async function call<P>(handler: Handler<P>, path: string, options: Call<P> = {}) {
  const headers = new Headers({ "x-forwarded-for": CLIENT_IP, ...options.headers });
  if (options.bearer !== undefined) headers.set("authorization", `Bearer ${options.bearer}`);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const req = new Request(`${ORIGIN}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const res = await store.run(headers, () => handler(req, { params: Promise.resolve((options.params ?? {}) as P) }));
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null, text };
}
const errorCode = (answer: { body: Record<string, unknown> | null }) => (answer.body?.error as { code?: string } | undefined)?.code;

interface Admin {
  id: string;
  username: string;
  cookie: string;
}

/** An admin enrolled in 2FA with a real session row, signed in by cookie. */
async function makeAdmin(options: { totp?: boolean } = {}): Promise<Admin> {
  const admin = await makeUser(db().db, "admin");
  await db().db.update(users).set({ totpEnabled: options.totp ?? true, totpSecret: "JBSWY3DPEHPK3PXP" }).where(eq(users.id, admin.id));
  const token = `session-${admin.id}`;
  await db().db.insert(sessions).values({ sessionToken: token, userId: admin.id, expires: new Date(Date.now() + 30 * 60_000) });
  return { id: admin.id, username: admin.username, cookie: `${getSessionCookieName()}=${token}` };
}

async function issue(admin: Admin, body: Record<string, unknown>) {
  const answer = await call(issueRoute, "/api/admin/tokens", { cookie: admin.cookie, headers: { origin: ORIGIN }, body });
  if (answer.status !== 201) throw new Error(`issue refused: ${answer.text}`);
  return answer.body as { token: string; id: string; prefix: string };
}

const parent = (bearer: string, qr: string, extra: Omit<Call, "params"> = {}) => call(parentRoute, "/api/scan/parent", { bearer, body: { qr }, ...extra });
const child = (bearer: string, parentQr: string, qr: string) => call(childRoute, "/api/scan/child", { bearer, body: { parentQr, qr } });
const revoke = (admin: Admin, id: string) => call(revokeRoute, `/api/admin/tokens/${id}`, { method: "DELETE", cookie: admin.cookie, params: { id } });

async function auditRows(action: string) {
  return db().db.select().from(auditLog).where(eq(auditLog.action, action));
}
async function tokenRow(id: string) {
  const [row] = await db().db.select().from(apiTokens).where(eq(apiTokens.id, id));
  if (!row) throw new Error(`no token ${id}`);
  return row;
}

let admin: Admin;
let qrSeq = 0;
const nextParentQr = () => `SB${String(10_000 + ++qrSeq).padStart(5, "0")}`;
const nextChildQr = () => String(2_000_000 + ++qrSeq).padStart(7, "0");

beforeAll(async () => {
  await truncateAll(db());
});
beforeEach(async () => {
  admin = await makeAdmin();
});

describe("issuing, listing and revoking", () => {
  it("issues a token once: 201 {token, id, prefix}, only its SHA-256 stored, audited without the secret", async () => {
    const answer = await call(issueRoute, "/api/admin/tokens", {
      cookie: admin.cookie,
      headers: { origin: ORIGIN },
      body: { name: "Scanner 4, Lucknow dock", role: "dispatcher", area: "lucknow", expiresAt: NEXT_YEAR },
    });
    expect(answer.status).toBe(201);
    const { token, id, prefix } = answer.body as { token: string; id: string; prefix: string };
    expect(Object.keys(answer.body ?? {}).sort()).toEqual(["id", "prefix", "token"]);
    expect(token).toMatch(TOKEN_SHAPE);
    expect(prefix).toBe(token.slice(0, 11));

    const row = await tokenRow(id);
    expect(row).toMatchObject({ name: "Scanner 4, Lucknow dock", prefix, scope: "dispatcher", dispatchArea: "lucknow", issuedBy: admin.id, revokedAt: null });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    // The end of that day in IST.
    expect(row.expiresAt).toEqual(istDayBounds(NEXT_YEAR)?.end);
    expect(JSON.stringify(row)).not.toContain(token.slice(3));

    const [created] = (await auditRows("api_token_created")).filter((r) => r.entityId === id);
    expect(created).toMatchObject({ userId: admin.id, actor: admin.username, entityType: "api_token", ip: CLIENT_IP, critical: true });
    expect(created?.after).toMatchObject({ name: "Scanner 4, Lucknow dock", prefix, role: "dispatcher", area: "lucknow" });
    expect(JSON.stringify(created)).not.toContain(token.slice(3));
    expect(JSON.stringify(created)).not.toContain(row.tokenHash);
  });

  it("lists every token with issuer, status and last use, never the secret or its hash", async () => {
    const issued = await issue(admin, { name: "Read-only feed", role: "readonly" });
    await call(listBillsRoute, "/api/bills", { bearer: issued.token });
    const list = await call(listRoute, "/api/admin/tokens", { cookie: admin.cookie });
    expect(list.status).toBe(200);
    const tokens = (list.body?.tokens ?? []) as Record<string, unknown>[];
    const mine = tokens.find((t) => t.id === issued.id);
    expect(mine).toEqual({
      id: issued.id,
      name: "Read-only feed",
      prefix: issued.prefix,
      role: "readonly",
      area: null,
      issuedBy: admin.username,
      createdAt: expect.any(String),
      expiresAt: null,
      lastUsedAt: expect.any(String),
      lastUsedIp: CLIENT_IP,
      revokedAt: null,
      status: "active",
    });
    const hash = (await tokenRow(issued.id)).tokenHash;
    expect(list.text).not.toContain(issued.token.slice(3));
    expect(list.text).not.toContain(hash);
  });

  it("refuses bad input with field messages and creates nothing", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "No role" }, "role"],
      [{ name: "", role: "biller" }, "name"],
      [{ name: "x".repeat(81), role: "biller" }, "name"],
      [{ name: "Dock", role: "dispatcher" }, "area"],
      [{ name: "Dock", role: "biller", area: "lucknow" }, "area"],
      [{ name: "Dock", role: "superuser" }, "role"],
      [{ name: "Dock", role: "biller", expiresAt: "31/12/2099" }, "expiresAt"],
      [{ name: "Dock", role: "biller", expiresAt: "2001-01-01" }, "expiresAt"],
      [{ name: "Dock", role: "biller", expiresAt: "2999-01-01" }, "expiresAt"],
      [{ name: "Dock", role: "biller", expiresAt: "2026-02-30" }, "expiresAt"],
      [{ name: "Dock", role: "biller", scope: "admin" }, "input"],
    ];
    for (const [body, field] of cases) {
      const answer = await call(issueRoute, "/api/admin/tokens", { cookie: admin.cookie, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      const fields = (answer.body?.error as { fields?: Record<string, string[]> }).fields ?? {};
      expect(Object.keys(fields).join(), JSON.stringify(body)).toContain(field);
    }
    expect(await db().db.select().from(apiTokens).where(eq(apiTokens.issuedBy, admin.id))).toEqual([]);
  });

  it("revokes with 204, again 204 for a revoked token (one audit row), and 404 for an unknown id", async () => {
    const issued = await issue(admin, { name: "Gate PC", role: "gate" });
    expect((await revoke(admin, issued.id)).status).toBe(204);
    expect((await revoke(admin, issued.id)).status).toBe(204);
    const unknown = await revoke(admin, "00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown)).toBe("token_not_found");
    expect(await tokenRow(issued.id)).toMatchObject({ revokedBy: admin.id, revokedAt: expect.any(Date) });
    const rows = (await auditRows("api_token_revoked")).filter((r) => r.entityId === issued.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: admin.id, critical: true, details: { prefix: issued.prefix, name: "Gate PC", role: "gate" } });
    const status = await call(parentRoute, "/api/scan/parent", { bearer: issued.token, body: { qr: nextParentQr() } });
    expect(status.status).toBe(401);
  });

  it("is for admins with 2FA: other roles get 403, an admin without 2FA 2fa_required, a token cannot mint tokens", async () => {
    const biller = await makeUser(db().db, "biller");
    await db().db.insert(sessions).values({ sessionToken: `session-${biller.id}`, userId: biller.id, expires: new Date(Date.now() + 60_000) });
    const asBiller = await call(issueRoute, "/api/admin/tokens", { cookie: `${getSessionCookieName()}=session-${biller.id}`, body: { name: "x", role: "biller" } });
    expect([asBiller.status, errorCode(asBiller)]).toEqual([403, "forbidden"]);

    const no2fa = await makeAdmin({ totp: false });
    const refused = await call(issueRoute, "/api/admin/tokens", { cookie: no2fa.cookie, body: { name: "Full access", role: "admin" } });
    expect([refused.status, errorCode(refused)]).toEqual([403, "2fa_required"]);
    // The verb itself refuses too (not only the guard in front of it).
    const verb = await settle(issueApiToken(ctxOf(db().db, { ...no2fa, role: "admin", dispatchArea: null }), { name: "Full access", role: "admin" }));
    expect(verb).toEqual({ code: "2fa_required" });
    expect(await db().db.select().from(apiTokens).where(eq(apiTokens.issuedBy, no2fa.id))).toEqual([]);

    const adminToken = await issue(admin, { name: "Automation", role: "admin" });
    const minted = await call(issueRoute, "/api/admin/tokens", { bearer: adminToken.token, body: { name: "Second", role: "admin" } });
    expect([minted.status, errorCode(minted)]).toEqual([403, "session_required"]);
    expect((await call(listRoute, "/api/admin/tokens", { bearer: adminToken.token })).status).toBe(200);
  });
});

describe("Authorization: Bearer on the JSON routes", () => {
  it("a dispatcher token scans a child into a parent of its area, without an Origin, audited as the issuer's token", async () => {
    const { token, id, prefix } = await issue(admin, { name: "Lucknow scanner", role: "dispatcher", area: "lucknow" });
    const parentQr = nextParentQr();
    const childQr = nextChildQr();
    const created = await parent(token, parentQr);
    expect(created).toMatchObject({ status: 200, body: { parent: { qr: parentQr, childCount: 0, created: true } } });
    expect(await child(token, parentQr, childQr)).toMatchObject({ status: 200, body: { result: "linked", childCount: 1 } });

    const [linked] = (await auditRows("child_linked")).filter((r) => JSON.stringify(r.details).includes(childQr));
    expect(linked).toMatchObject({ userId: admin.id, actor: `${admin.username} (token ${prefix})`, details: { tokenId: id, tokenPrefix: prefix } });
  });

  // As for a signed-in dispatcher: another area's parent is not found for a child, and refused by name.
  it("a dispatcher token is refused in another area", async () => {
    const indore = await issue(admin, { name: "Indore scanner", role: "dispatcher", area: "indore" });
    const lucknow = await issue(admin, { name: "Lucknow scanner", role: "dispatcher", area: "lucknow" });
    const parentQr = nextParentQr();
    expect((await parent(indore.token, parentQr)).status).toBe(200);
    const refused = await child(lucknow.token, parentQr, nextChildQr());
    expect([refused.status, errorCode(refused)]).toEqual([404, "parent_not_found"]);
    const byName = await parent(lucknow.token, parentQr);
    expect([byName.status, errorCode(byName)]).toEqual([403, "wrong_area"]);
  });

  it("a read-only token reads (GET 200) and writes nothing (403 read_only_token)", async () => {
    const { token } = await issue(admin, { name: "BI feed", role: "readonly" });
    expect((await call(listBillsRoute, "/api/bills", { bearer: token })).status).toBe(200);
    const bill = await call(createBillRoute, "/api/bills", { bearer: token, body: { billNumber: "RO-1", capacity: 2 } });
    expect([bill.status, errorCode(bill)]).toEqual([403, "read_only_token"]);
    expect(errorCode(await parent(token, nextParentQr(), { body: { qr: nextParentQr(), area: "lucknow" } }))).toBe("read_only_token");
    expect(errorCode(await call(revokeRoute, "/api/admin/tokens/x", { method: "DELETE", bearer: token, params: { id: "x" } }))).toBe("forbidden");
  });

  it("an admin token works only while its issuer is an admin with 2FA", async () => {
    const adminToken = await issue(admin, { name: "Automation", role: "admin" });
    const billerToken = await issue(admin, { name: "Billing sync", role: "biller" });
    expect((await call(listRoute, "/api/admin/tokens", { bearer: adminToken.token })).status).toBe(200);
    await db().db.update(users).set({ totpEnabled: false }).where(eq(users.id, admin.id));
    const refused = await call(listRoute, "/api/admin/tokens", { bearer: adminToken.token });
    expect(refused).toMatchObject({ status: 401, body: { error: { code: "invalid_token", message: "Invalid or expired API token." } } });
    // A non-admin scope needs an admin issuer, not their 2FA.
    expect((await call(listBillsRoute, "/api/bills", { bearer: billerToken.token })).status).toBe(200);
  });

  it("stops working when the issuer is demoted, deactivated or deleted", async () => {
    for (const change of [{ role: "biller" as const }, { deactivatedAt: new Date() }, { deletedAt: new Date() }]) {
      const issuer = await makeAdmin();
      const { token } = await issue(issuer, { name: "Billing sync", role: "biller" });
      expect((await call(listBillsRoute, "/api/bills", { bearer: token })).status).toBe(200);
      await db().db.update(users).set(change).where(eq(users.id, issuer.id));
      const answer = await call(listBillsRoute, "/api/bills", { bearer: token });
      expect([answer.status, errorCode(answer)], JSON.stringify(change)).toEqual([401, "invalid_token"]);
    }
  });

  it("refuses an expired token with 401 invalid_token", async () => {
    const { token, id } = await issue(admin, { name: "Temp", role: "biller", expiresAt: NEXT_YEAR });
    await db().db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, id));
    const answer = await call(listBillsRoute, "/api/bills", { bearer: token });
    expect(answer).toEqual({ status: 401, body: { error: { code: "invalid_token", message: "Invalid or expired API token." } }, text: expect.any(String) });
  });

  it("answers 401 (never 500) to malformed and unknown bearers, and never falls back to the cookie", async () => {
    const unknown = `tt_${"A".repeat(43)}`;
    for (const header of ["Bearer", "Bearer ", "Bearer abc", "Bearer tt_short", `Bearer ${unknown}`, `Bearer ${unknown} extra`, `bearer tt_${"!".repeat(43)}`]) {
      const answer = await call(listBillsRoute, "/api/bills", { headers: { authorization: header }, cookie: admin.cookie });
      expect([answer.status, errorCode(answer)], header).toEqual([401, "invalid_token"]);
    }
    // Another scheme is not a bearer token: the cookie decides (here: none, so 401 unauthenticated).
    const basic = await call(listBillsRoute, "/api/bills", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect([basic.status, errorCode(basic)]).toEqual([401, "unauthenticated"]);
    expect((await call(listBillsRoute, "/api/bills", { headers: { authorization: "Basic dXNlcjpwYXNz" }, cookie: admin.cookie })).status).toBe(200);
  });

  it("stands in for the same-origin Origin, but the body must still be JSON", async () => {
    const { token } = await issue(admin, { name: "Integration", role: "dispatcher", area: "lucknow" });
    const foreign = await parent(token, nextParentQr(), { headers: { origin: "https://elsewhere.example" } });
    expect(foreign.status).toBe(200);
    const cookieForeign = await call(listRoute, "/api/admin/tokens", { cookie: admin.cookie, headers: { origin: "https://elsewhere.example" }, body: { name: "x", role: "biller" } });
    expect([cookieForeign.status, errorCode(cookieForeign)]).toEqual([403, "bad_origin"]);
    const notJson = await parent(token, nextParentQr(), { headers: { "content-type": "text/plain" } });
    expect([notJson.status, errorCode(notJson)]).toEqual([415, "unsupported_media_type"]);
  });

  it("records last use (time and IP) at most once a minute", async () => {
    const { token, id } = await issue(admin, { name: "Scanner", role: "biller" });
    expect((await tokenRow(id)).lastUsedAt).toBeNull();
    await call(listBillsRoute, "/api/bills", { bearer: token });
    const first = await tokenRow(id);
    expect(first.lastUsedIp).toBe(CLIENT_IP);
    expect(Date.now() - (first.lastUsedAt?.getTime() ?? 0)).toBeLessThan(10_000);

    const recent = new Date(Date.now() - 30_000);
    await db().db.update(apiTokens).set({ lastUsedAt: recent, lastUsedIp: "192.0.2.1" }).where(eq(apiTokens.id, id));
    await call(listBillsRoute, "/api/bills", { bearer: token });
    expect(await tokenRow(id)).toMatchObject({ lastUsedAt: recent, lastUsedIp: "192.0.2.1" });

    await db().db.update(apiTokens).set({ lastUsedAt: new Date(Date.now() - 61_000) }).where(eq(apiTokens.id, id));
    await call(listBillsRoute, "/api/bills", { bearer: token });
    expect((await tokenRow(id)).lastUsedIp).toBe(CLIENT_IP);
  });

  it("never authenticates a page or a server action: those take the session cookie only", async () => {
    const { token } = await issue(admin, { name: "Scanner", role: "biller" });
    const onPage = new Headers({ authorization: `Bearer ${token}`, "x-tracetrack-path": "/dashboard" });
    expect(await store.run(onPage, () => getCurrentUser())).toBeNull();
    const onApi = new Headers({ authorization: `Bearer ${token}` });
    expect(await store.run(onApi, () => getCurrentUser())).toMatchObject({ id: admin.id, role: "biller", apiToken: { prefix: token.slice(0, 11), readOnly: false } });

    // The action, posted to its page with the token and no cookie, is refused.
    const form = new FormData();
    form.set("name", "From a token");
    form.set("role", "biller");
    const refused = await store.run(onPage, () => issueApiTokenAction({ ok: false }, form));
    expect(refused).toMatchObject({ ok: false, code: "unauthenticated" });
  });
});

describe("the /admin/tokens form", () => {
  const onPage = () => new Headers({ cookie: admin.cookie, "x-tracetrack-path": "/admin/tokens", "x-forwarded-for": CLIENT_IP });
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return data;
  };

  it("issues an admin token only with the confirmation box ticked, and keeps what was typed", async () => {
    const refused = await store.run(onPage(), () => issueApiTokenAction({ ok: false }, form({ name: "Automation", role: "admin", area: "", expiresAt: "" })));
    expect(refused).toMatchObject({ ok: false, fields: { confirmAdmin: [expect.stringContaining("Tick the box")] }, values: { name: "Automation", role: "admin" } });
    const issued = await store.run(onPage(), () => issueApiTokenAction({ ok: false }, form({ name: "Automation", role: "admin", confirmAdmin: "on", area: "lucknow" })));
    expect(issued).toMatchObject({ ok: true, token: expect.stringMatching(TOKEN_SHAPE), message: expect.stringContaining("not shown again") });
    // The area select sent along for a non-dispatcher role is ignored.
    const id = (issued as { id: string }).id;
    expect(await tokenRow(id)).toMatchObject({ scope: "admin", dispatchArea: null });

    const revoked = await store.run(onPage(), () => revokeApiTokenAction(id));
    expect(revoked).toEqual({ ok: true, message: "Token revoked: it no longer works." });
    expect(await store.run(onPage(), () => revokeApiTokenAction(id))).toEqual({ ok: true, message: "This token was already revoked." });
  });
});

describe("the /admin/tokens page", () => {
  it("lists tokens with prefix, role and area, issuer, status and a Revoke button for the live ones", async () => {
    const live = await issue(admin, { name: "Dock scanner", role: "dispatcher", area: "sri_ganganagar" });
    const gone = await issue(admin, { name: "Retired feed", role: "readonly" });
    expect((await revoke(admin, gone.id)).status).toBe(204);
    const { default: AdminTokensPage } = await import("@/app/(admin)/admin/tokens/page");
    const headers = new Headers({ cookie: admin.cookie, "x-tracetrack-path": "/admin/tokens" });
    const html = renderToStaticMarkup(await store.run(headers, () => AdminTokensPage()));
    expect(html).toContain("Issue token");
    const row = (prefix: string) => html.slice(html.indexOf(`data-prefix="${prefix}"`)).split("</tr>")[0] ?? "";
    expect(row(live.prefix)).toContain("Dock scanner");
    expect(row(live.prefix)).toContain("Sri Ganganagar");
    expect(row(live.prefix)).toContain("Active");
    expect(row(live.prefix)).toContain(`Revoke token ${live.prefix} (Dock scanner)`);
    expect(row(gone.prefix)).toContain("Revoked");
    expect(row(gone.prefix)).not.toContain("Revoke token");
    expect(html).not.toContain(live.token.slice(11));
  });
});

describe("refusals in the audit log", () => {
  it("writes api_token_refused once per token and reason a minute, with the prefix and never the secret", async () => {
    const { token, id, prefix } = await issue(admin, { name: "Old scanner", role: "biller" });
    expect((await revoke(admin, id)).status).toBe(204);
    for (let i = 0; i < 3; i++) await call(listBillsRoute, "/api/bills", { bearer: token });
    const rows = (await auditRows("api_token_refused")).filter((r) => r.entityId === id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entityType: "api_token", ip: CLIENT_IP, details: { prefix, reason: "revoked" } });
    expect(JSON.stringify(rows[0])).not.toContain(token.slice(11));
  });

  it("caps a flood of distinct unknown tokens", async () => {
    const later = new Date(Date.now() + 24 * 3_600_000);
    const before = (await auditRows("api_token_refused")).length;
    for (let i = 0; i < 60; i++) {
      const fake = `tt_${String(i).padStart(8, "0")}${"B".repeat(35)}`;
      await expect(resolveApiToken(db().db, fake, { ip: CLIENT_IP, requestId: null }, later)).rejects.toMatchObject({ status: 401, code: "invalid_token" });
    }
    const written = (await auditRows("api_token_refused")).length - before;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(30);
  });
});

describe("the per-token rate limit", () => {
  const globalForLimiter = globalThis as typeof globalThis & { __tracetrackLimiter?: RateLimiter };
  const redis = process.env.TEST_REDIS_URL ? new Redis(process.env.TEST_REDIS_URL, { maxRetriesPerRequest: 1 }) : null;
  const prefix = `tt-test-tokens-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  afterAll(async () => {
    globalForLimiter.__tracetrackLimiter = undefined;
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it("counts the api limit per token: one token spent, another from the same address still served", async () => {
    // Small numbers through the limiter's rules: 3 requests a minute per credential, 18 per address.
    globalForLimiter.__tracetrackLimiter = createRateLimiter({
      redis,
      prefix,
      rules: { api: { perAccount: 3, ipFactor: 6, windowS: 60, onRedisError: "open", sync: "exact" } },
    });
    const first = await issue(admin, { name: "Chatty", role: "biller" });
    const second = await issue(admin, { name: "Quiet", role: "biller" });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(listBillsRoute, "/api/bills", { bearer: first.token })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call(listBillsRoute, "/api/bills", { bearer: first.token });
    expect(errorCode(limited)).toBe("rate_limited");
    expect((await call(listBillsRoute, "/api/bills", { bearer: second.token })).status).toBe(200);
    globalForLimiter.__tracetrackLimiter = undefined;
  });
});

describe("races", () => {
  it("two revokes at once: both 204, one revocation and one audit row", async () => {
    const { id } = await issue(admin, { name: "Raced", role: "biller" });
    const other = await makeAdmin();
    const [a, b] = await Promise.all([revoke(admin, id), revoke(other, id)]);
    expect([a.status, b.status]).toEqual([204, 204]);
    expect((await auditRows("api_token_revoked")).filter((r) => r.entityId === id)).toHaveLength(1);
    const row = await tokenRow(id);
    expect([admin.id, other.id]).toContain(row.revokedBy);
  });

  it("a request racing a revoke: each is served or refused cleanly, and none gets in once the revoke has returned", async () => {
    const { token, id } = await issue(admin, { name: "Raced scanner", role: "dispatcher", area: "lucknow" });
    const parentQr = nextParentQr();
    expect((await parent(token, parentQr)).status).toBe(200);
    const scans = Array.from({ length: 12 }, () => child(token, parentQr, nextChildQr()));
    const [revoked, ...answers] = await Promise.all([revoke(admin, id), ...scans]);
    expect(revoked.status).toBe(204);
    for (const answer of answers) expect([200, 401]).toContain(answer.status);
    const after = await Promise.all(Array.from({ length: 6 }, () => child(token, parentQr, nextChildQr())));
    expect(after.map((a) => a.status)).toEqual(Array(6).fill(401));
    // Every scan that was let in is on the parent; nothing half-written.
    const served = answers.filter((a) => a.status === 200).length;
    const linked = await db().db.select().from(auditLog).where(and(eq(auditLog.action, "child_linked"), eq(auditLog.userId, admin.id)));
    expect(linked.filter((r) => JSON.stringify(r.details).includes(id))).toHaveLength(served);
  });
});
