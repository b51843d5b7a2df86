import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/server/auth/session";
import { createUser } from "@/lib/server/users/mutations";
import { systemContext } from "@/lib/server/service";
import { AppError } from "@/lib/server/errors";
import { PAGES, ROUTES, type Method, type PageOutcome } from "../authz-manifest";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// The gate role (DESIGN.md §2: the gate station and pass details only) against every page and
// route handler of tests/authz-manifest.ts, through the real guards on a real database: only who
// is signed in is replaced. The e2e matrix does the same over HTTP; this runs in both db tiers.

delete process.env.REDIS_URL;

const state = vi.hoisted(() => ({ user: null as SessionUser | null, path: "/" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-tracetrack-path": state.path, "x-forwarded-for": "198.51.100.77", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => state.user,
  peekCurrentSession: async () => state.user,
}));

const db = setupTestDb();
const APP = path.join(import.meta.dirname, "../../app");

beforeAll(async () => {
  await truncateAll(db());
  const gate = await makeUser(db().db, "gate");
  state.user = {
    ...gate,
    totpEnabled: false,
    mustChangePassword: false,
    sessionToken: "token-gate",
    sessionCreatedAt: new Date(),
    sessionExpiresAt: new Date(Date.now() + 30 * 60_000),
  };
});

/** The path's dynamic segments for `file`, read off the sample URL (route groups dropped). */
function paramsOf(file: string, url: string): Record<string, string> {
  const fileSegs = file.split("/").slice(0, -1).filter((s) => !/^\(.*\)$/.test(s));
  const urlSegs = new URL(url, "http://x").pathname.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  fileSegs.forEach((seg, i) => {
    const catchAll = /^\[\.\.\.(.+)\]$/.exec(seg);
    const dynamic = /^\[(.+)\]$/.exec(seg);
    if (catchAll?.[1]) params[catchAll[1]] = urlSegs.slice(i).join("/");
    else if (dynamic?.[1]) params[dynamic[1]] = decodeURIComponent(urlSegs[i] ?? "");
  });
  return params;
}

/** What a page did: rendered (200), redirected (where to), or refused (403/404). */
async function outcomeOf(render: () => Promise<unknown>): Promise<PageOutcome> {
  try {
    await render();
    return { status: 200 };
  } catch (err) {
    const digest = (err as { digest?: string } | null)?.digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return { redirect: new URL(digest.split(";")[2] ?? "", "http://x").pathname };
    const fallback = /^NEXT_HTTP_ERROR_FALLBACK;(\d+)$/.exec(digest);
    if (fallback) return { status: Number(fallback[1]) as 403 | 404 };
    // Outside a Next server (no next.config), forbidden() throws this instead of its 403 digest.
    if (err instanceof Error && err.message.startsWith("`forbidden()` is experimental")) return { status: 403 };
    if (err instanceof AppError) return { status: err.status as 403 };
    throw err;
  }
}

type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<unknown>;

describe("the gate user × every page", () => {
  it.each(Object.entries(PAGES))("%s", async (file, entry) => {
    const page = ((await import(path.join(APP, file))) as { default: Page }).default;
    state.path = entry.path;
    const observed = await outcomeOf(() => page({ params: Promise.resolve(paramsOf(file, entry.path)), searchParams: Promise.resolve({}) }));
    const expected: PageOutcome = entry.expect?.gate ?? (entry.allow.includes("gate") ? { status: 200 } : { status: 403 });
    expect(observed).toEqual(expected);
  });
});

const routeCases = Object.entries(ROUTES).flatMap(([file, methods]) =>
  Object.entries(methods).map(([method, call]) => ({ file, method: method as Method, call })),
);

describe("the gate user × every route handler", () => {
  it.each(routeCases)("$method $file", async ({ file, method, call }) => {
    const mod = (await import(path.join(APP, file))) as Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>;
    const handler = mod[method];
    if (typeof handler !== "function") throw new Error(`${file} exports no ${method}`);
    const hasBody = call.body !== undefined;
    const req = new Request(`http://localhost${call.path}`, {
      method,
      headers: { "x-forwarded-for": "198.51.100.77", ...(hasBody ? { "content-type": "application/json", origin: "http://localhost" } : {}) },
      body: hasBody ? JSON.stringify(call.body) : undefined,
    });
    const res = await handler(req, { params: Promise.resolve(paramsOf(file, call.path)) });
    if (call.allow.includes("gate")) {
      expect([401, 403]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(403);
      if (call.path.startsWith("/api/")) expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
  });
});

describe("the ops CLI's createUser", () => {
  it("creates a gate user with no dispatch area, and refuses one with an area", async () => {
    const ctx = systemContext(db().db);
    const user = await createUser(ctx, { username: "gate-cli-1", role: "gate", password: "gate-pass-123" });
    expect(user).toMatchObject({ username: "gate-cli-1", role: "gate", dispatchArea: null });
    await expect(createUser(ctx, { username: "gate-cli-2", role: "gate", dispatchArea: "jaipur", password: "gate-pass-123" })).rejects.toMatchObject({
      status: 400,
      fields: { dispatchArea: ["Only dispatchers have a dispatch area."] },
    });
  });
});
