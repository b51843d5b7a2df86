import { redirect } from "next/navigation";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { SessionUser } from "@/lib/server/auth/session";
import { CHECK_FIELDS, defineAction, definePublicAction } from "@/lib/server/action";
import { ConflictError, RateLimitError, ValidationError } from "@/lib/server/errors";
import { defineRoute } from "@/lib/server/route";
import type { ServiceContext } from "@/lib/server/service";
import { parseInput } from "@/lib/server/validation";

// The two adapters every server action and JSON route is written with: the REAL guards and
// permission matrix, with only who is signed in (getCurrentUser) and the database replaced.

const state = vi.hoisted(() => ({ user: null as SessionUser | null }));

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.9", "x-request-id": "adapter-test", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined }),
}));
vi.mock("@/lib/server/db", () => ({ getDb: () => ({ fake: "db" }) }));
vi.mock("@/lib/server/rate-limit/limiter", () => ({ enforceLimit: vi.fn(async () => undefined) }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => state.user,
}));

function user(role: SessionUser["role"], extra: Partial<SessionUser> = {}): SessionUser {
  return {
    id: `id-${role}`,
    username: role,
    role,
    dispatchArea: role === "dispatcher" ? "lucknow" : null,
    totpEnabled: role === "admin",
    mustChangePassword: false,
    sessionToken: "secret-session-token",
    sessionCreatedAt: new Date(),
    sessionExpiresAt: new Date(Date.now() + 60_000),
    ...extra,
  };
}

const Input = z.strictObject({ qr: z.string().max(5, "qr is too long.") });

/** A verb of the right shape: checks its input with the schema, answers a DTO. */
async function echoVerb(ctx: ServiceContext, input: unknown) {
  const { qr } = parseInput(Input, input);
  return { qr, by: ctx.actor.username, ip: ctx.meta.ip, requestId: ctx.meta.requestId };
}

/** A submitted form with these text fields. */
function formData(fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

beforeEach(() => {
  state.user = user("biller");
});

describe("defineAction", () => {
  const action = defineAction({ permission: "bills:manage" }, (ctx, qr: unknown) => echoVerb(ctx, { qr }), { lost: "this scan was not saved" });

  it("runs the verb in the caller's context and answers {ok: true, ...dto}", async () => {
    expect(await action("SB1")).toEqual({ ok: true, qr: "SB1", by: "biller", ip: "198.51.100.9", requestId: "adapter-test" });
  });

  it("hands the verb an actor without the session token", async () => {
    const seen = await defineAction({}, async (ctx) => ({ ctx: JSON.stringify(ctx.actor) }))();
    expect(seen.ok && seen.ctx).not.toContain("secret-session-token");
  });

  it("refuses a role the permission matrix does not allow, before the verb runs", async () => {
    state.user = user("dispatcher");
    const verb = vi.fn(async () => ({}));
    const refused = await defineAction({ permission: "bills:manage" }, verb)();
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    expect(verb).not.toHaveBeenCalled();
  });

  it("tells a signed-out user what was lost", async () => {
    state.user = null;
    expect(await action("SB1")).toEqual({
      ok: false,
      code: "unauthenticated",
      message: "Your session has ended: this scan was not saved. Reload the page and sign in again.",
    });
  });

  it("refuses a user who still owes a duty (admin without 2FA), unless the gate lets that duty through", async () => {
    state.user = user("admin", { totpEnabled: false });
    expect(await defineAction({}, async () => ({}))()).toMatchObject({ ok: false, code: "2fa_required" });
    expect(await defineAction({ gate: { allowMissing2fa: true } }, async () => ({}))()).toEqual({ ok: true });
  });

  it("answers a schema refusal with its message (stations) or under the fields (forms)", async () => {
    expect(await action(123)).toEqual({ ok: false, code: "invalid_input", message: expect.stringMatching(/expected string/) });
    const form = defineAction({}, (ctx, data: FormData) => echoVerb(ctx, { qr: data.get("qr") }), { form: {} });
    expect(await form(formData({ qr: "TOO-LONG" }))).toEqual({ ok: false, code: "invalid_input", message: CHECK_FIELDS, fields: { qr: ["qr is too long."] } });
  });

  it("keeps a verb's own refusal sentence on top of its field messages, unless a field already says it", async () => {
    const refuse = (message: string, fields: Record<string, string[]>) =>
      defineAction<[data: FormData], object>(
        {},
        async () => {
          throw new ValidationError(message, fields, "wrong_code");
        },
        { form: {} },
      )(formData());
    // Said under the field: one line on top that points there, not the same sentence twice.
    expect(await refuse("Wrong password.", { password: ["Wrong password."] })).toEqual({
      ok: false,
      code: "wrong_code",
      message: CHECK_FIELDS,
      fields: { password: ["Wrong password."] },
    });
    // A sentence of its own (what to do next) stays on top.
    expect(await refuse("That code was already used. Wait for the next one.", { code: ["Already used."] })).toEqual({
      ok: false,
      code: "wrong_code",
      message: "That code was already used. Wait for the next one.",
      fields: { code: ["Already used."] },
    });
  });

  it("puts a conflict under the field its code names, and echoes what was typed", async () => {
    const form = defineAction(
      {},
      async (_ctx, data: FormData) => {
        throw new ConflictError("duplicate_bill", `Bill ${String(data.get("billNumber"))} already exists.`);
      },
      { form: { fieldOfCode: { duplicate_bill: "billNumber" } }, echo: (data) => ({ values: { billNumber: String(data.get("billNumber")) } }) },
    );
    expect(await form(formData({ billNumber: "B-1" }))).toEqual({
      ok: false,
      code: "duplicate_bill",
      message: CHECK_FIELDS,
      fields: { billNumber: ["Bill B-1 already exists."] },
      values: { billNumber: "B-1" },
    });
  });

  it("words a spent rate limit with the wait", async () => {
    const limited = defineAction({}, async () => {
      throw new RateLimitError(42, "code attempts");
    });
    expect(await limited()).toEqual({ ok: false, code: "rate_limited", message: "Too many code attempts. Please wait 42 seconds and try again." });
  });

  it("never sends an unexpected error's own message", async () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const broken = defineAction({}, async () => {
      throw new Error("connection to 10.0.0.5 refused: password authentication failed");
    });
    expect(await broken()).toEqual({ ok: false, code: "internal_error", message: "Something went wrong. Please try again." });
    quiet.mockRestore();
  });

  it("lets Next's redirect through instead of mapping it to a failure", async () => {
    const go = defineAction({}, async () => redirect("/bills/B-1"));
    await expect(go()).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
  });

  it("definePublicAction needs nobody signed in and gives the verb no actor", async () => {
    state.user = null;
    const pub = definePublicAction(async (ctx) => ({ hasActor: "actor" in ctx, ip: ctx.meta.ip }));
    expect(await pub()).toEqual({ ok: true, hasActor: false, ip: "198.51.100.9" });
  });
});

describe("defineRoute", () => {
  const ORIGIN = "http://tracetrack.test";
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const segment = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });
  const route = defineRoute<{ billNumber: string }>({ permission: "bills:manage" }, async (ctx, { params, json }) => ({
    params,
    body: await json(),
    by: ctx.actor.username,
  }));

  it("decodes the path's segments once and lays them over a JSON object body", async () => {
    const res = await route(post("/api/bills/B%2F1/parents", { qr: "SB00001" }), segment({ billNumber: "B%2F1" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ params: { billNumber: "B/1" }, body: { qr: "SB00001", billNumber: "B/1" }, by: "biller" });
  });

  it("refuses a body that names a path segment instead of silently overruling it", async () => {
    const res = await route(post("/api/bills/B-1/parents", { qr: "SB00001", billNumber: "OTHER" }), segment({ billNumber: "B-1" }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_input", fields: { billNumber: [expect.any(String)] } } });
  });

  it("hands a body that is not an object to the verb's schema as it was sent", async () => {
    const res = await route(post("/api/bills/B-1/parents", [1, 2]), segment({ billNumber: "B-1" }));
    expect(await res.json()).toMatchObject({ body: [1, 2] });
  });

  it("answers the JSON error contract for the guards: 401 signed out, 403 wrong role", async () => {
    state.user = null;
    const signedOut = await route(post("/api/bills/B-1/parents", {}), segment({ billNumber: "B-1" }));
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toEqual({ error: { code: "unauthenticated", message: "Please sign in." } });
    state.user = user("dispatcher");
    const wrongRole = await route(post("/api/bills/B-1/parents", {}), segment({ billNumber: "B-1" }));
    expect(wrongRole.status).toBe(403);
  });

  it("refuses a cross-site body (Origin of another site) and a non-JSON media type", async () => {
    const cross = await route(post("/api/bills/B-1/parents", {}, { origin: "https://evil.example" }), segment({ billNumber: "B-1" }));
    expect(cross.status).toBe(403);
    expect(await cross.json()).toMatchObject({ error: { code: "bad_origin" } });
    const form = await route(post("/api/bills/B-1/parents", "qr=SB00001", { "content-type": "application/x-www-form-urlencoded" }), segment({ billNumber: "B-1" }));
    expect(form.status).toBe(415);
  });

  it("passes a Response through and answers a value with the status it was given", async () => {
    const file = defineRoute({}, async () => new Response("a,b\n", { headers: { "content-type": "text/csv" } }));
    expect(await (await file(new Request(`${ORIGIN}/x`))).text()).toBe("a,b\n");
    const created = defineRoute({}, async () => ({ id: 1 }), { status: 201 });
    expect((await created(new Request(`${ORIGIN}/x`))).status).toBe(201);
  });

  it("serves a route without dynamic segments, which Next hands a params promise of undefined", async () => {
    const noSegments = defineRoute({}, async (_ctx, { params }) => ({ params }));
    const res = await noSegments(new Request(`${ORIGIN}/api/users`), { params: Promise.resolve(undefined as unknown as Record<string, string>) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ params: {} });
  });

  it("maps a verb's conflict to 409 with its code", async () => {
    const conflict = defineRoute({}, async () => {
      throw new ConflictError("bill_completed", "Bill B-1 is completed.");
    });
    const res = await conflict(new Request(`${ORIGIN}/x`));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "bill_completed", message: "Bill B-1 is completed." } });
  });
});
