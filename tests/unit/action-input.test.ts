import { beforeEach, describe, expect, it, vi } from "vitest";
import { ACTION_BODY_LIMIT_BYTES, ACTION_INPUT_LIMIT, ACTION_TOO_LARGE_MESSAGE, oversizedActionResponse } from "@/lib/action-limits";
import type { SessionUser } from "@/lib/server/auth/session";
import { defineAction, definePublicAction, inputSize, UNREADABLE_CALL, UNREADABLE_FORM } from "@/lib/server/action";

// The action wrapper's own checks of what a hand-made request hands an action: its size and its
// kind, answered as a typed failure before any verb (or database) sees it.

const state = vi.hoisted(() => ({ user: null as SessionUser | null, db: 0 }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.11", "x-request-id": "action-input-test", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
// The handle is handed out (a context holds it); any use of it counts as touching the database.
vi.mock("@/lib/server/db", () => {
  const touched = () => {
    state.db += 1;
    throw new Error("DB_TOUCHED");
  };
  const db = new Proxy({}, { get: touched });
  return { getDb: () => db, getDbHandle: () => db, setDbHandle: () => undefined };
});
vi.mock("@/lib/server/rate-limit/limiter", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/rate-limit/limiter")>()),
  checkLimit: async () => ({ ok: true }),
  enforceLimit: async () => undefined,
}));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => state.user,
}));

const biller: SessionUser = {
  id: "id-biller",
  username: "biller",
  role: "biller",
  dispatchArea: null,
  totpEnabled: false,
  mustChangePassword: false,
  sessionToken: "token",
  sessionCreatedAt: new Date(),
  sessionExpiresAt: new Date(Date.now() + 60_000),
};

function formData(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const MB = 1024 * 1024;
const TOO_LARGE = { ok: false, code: "payload_too_large", message: `The request is too large (at most ${ACTION_INPUT_LIMIT / 1024} kB).` };

beforeEach(() => {
  state.user = biller;
  state.db = 0;
});

describe("defineAction and definePublicAction refuse what no page sends", () => {
  const verb = vi.fn<(input: unknown) => Promise<{ done: boolean }>>(async () => ({ done: true }));
  const scan = defineAction({}, (_ctx, qr: unknown) => verb(qr));
  const form = defineAction({}, (_ctx, _prev: unknown, data: FormData) => verb(data), { form: {} });
  const publicForm = definePublicAction((_ctx, _prev: unknown, data: FormData) => verb(data), { form: {} });
  beforeEach(() => verb.mockClear());

  it.each([
    ["2 MB", 2 * MB],
    ["20 MB", 20 * MB],
  ])("answers a %s argument with payload_too_large, and the verb never runs", async (_name, size) => {
    const huge = "A".repeat(size);
    expect(await scan(huge)).toEqual(TOO_LARGE);
    expect(await form({ ok: false }, formData({ username: huge }))).toEqual(TOO_LARGE);
    expect(await publicForm(huge, formData({ username: "x" }))).toEqual(TOO_LARGE);
    expect(verb).not.toHaveBeenCalled();
  });

  it("counts every field and file of a form, and a prev state too", async () => {
    expect(await form({ ok: false }, formData({ a: "A".repeat(40_000), b: "B".repeat(40_000) }))).toEqual(TOO_LARGE);
    expect(await form({ ok: false }, formData({ file: new Blob([new Uint8Array(ACTION_INPUT_LIMIT + 1)]) }))).toEqual(TOO_LARGE);
    expect(await form({ values: { note: "C".repeat(ACTION_INPUT_LIMIT) } }, formData({}))).toEqual(TOO_LARGE);
    expect(verb).not.toHaveBeenCalled();
  });

  it.each([
    ["a JSON object", [{ ok: false }, { username: "admin", password: "x" }]],
    ["a string", [{ ok: false }, "username=admin"]],
    ["nothing at all", []],
    ["the form followed by more", [{ ok: false }, formData({ username: "admin" }), "extra"]],
  ])("answers %s where the form's FormData belongs as a form it could not read", async (_name, args) => {
    const call = form as (...args: unknown[]) => Promise<unknown>;
    const publicCall = publicForm as (...args: unknown[]) => Promise<unknown>;
    const unreadable = { ok: false, code: "invalid_request", message: UNREADABLE_FORM };
    expect(await call(...args)).toEqual(unreadable);
    expect(await publicCall(...args)).toEqual(unreadable);
    expect(verb).not.toHaveBeenCalled();
  });

  it("does not echo refused arguments: an echo reads them as the action declares them", async () => {
    const echoing = defineAction({}, (_ctx, _prev: unknown, data: FormData) => verb(data), {
      form: {},
      echo: (_prev, data) => ({ values: { username: String(data.get("username")).slice(0, 64) } }),
    });
    const call = echoing as (...args: unknown[]) => Promise<unknown>;
    expect(await call({ ok: false }, { username: "admin" })).toEqual({ ok: false, code: "invalid_request", message: UNREADABLE_FORM });
    state.user = null;
    expect(await call({ ok: false }, "username=admin")).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await echoing({ ok: false }, formData({ username: "admin" }))).toMatchObject({ ok: false, code: "unauthenticated", values: { username: "admin" } });
  });

  it.each([
    ["an object", { qr: "SB00001" }],
    ["an array", ["SB00001"]],
    ["a FormData", formData({ qr: "SB00001" })],
  ])("answers %s given to an action that takes plain values as a request it could not read", async (_name, value) => {
    expect(await scan(value)).toEqual({ ok: false, code: "invalid_request", message: UNREADABLE_CALL });
    expect(verb).not.toHaveBeenCalled();
  });

  it("lets what the pages send through: values, and a form after its previous state", async () => {
    expect(await scan("SB00001")).toEqual({ ok: true, done: true });
    expect(await form({ ok: false, message: "Please correct the fields marked below.", fields: { qr: ["x"] } }, formData({ qr: "SB00001" }))).toEqual({ ok: true, done: true });
    expect(await publicForm(undefined, formData({ username: "admin" }))).toEqual({ ok: true, done: true });
  });

  it("still calls the guard first: a signed-out caller sending junk hears that the session ended", async () => {
    state.user = null;
    expect(await scan({ junk: true })).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("measures huge, deep and self-referencing arguments without walking all of them", () => {
    const self: Record<string, unknown> = { a: "x" };
    self.self = self;
    let deep: unknown = "x";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const wide = Array.from({ length: 1_000_000 }, () => "SB00001");
    for (const value of [self, deep, wide]) expect(inputSize([value])).toBeGreaterThan(ACTION_INPUT_LIMIT);
    expect(inputSize(["SB00001", { ok: false }])).toBeLessThan(100);
  });
});

describe("the app's form actions, called with hand-made arguments", () => {
  // Imported after the mocks: the real actions, with a database that throws if touched.
  const forms = async () => ({
    login: (await import("@/app/(auth)/login/actions")).login,
    verifyTwoFactor: (await import("@/app/(auth)/2fa/actions")).verifyTwoFactor,
    requestReset: (await import("@/app/(auth)/forgot-password/actions")).requestReset,
    resetWithToken: (await import("@/app/(auth)/reset-password/[token]/actions")).resetWithToken,
    createBillAction: (await import("@/app/(app)/bills/new/actions")).createBillAction,
    updateBillAction: (await import("@/app/(app)/bills/[billNumber]/actions")).updateBillAction.bind(null, "B-1"),
  });

  it("answer JSON where FormData belongs with a typed failure, touching nothing", async () => {
    for (const [name, action] of Object.entries(await forms())) {
      const call = action as (...args: unknown[]) => Promise<unknown>;
      expect(await call({ ok: false }, { username: "admin", password: "x", code: "123456", billNumber: "B-1", capacity: "2" }), name).toMatchObject({
        ok: false,
        code: "invalid_request",
        message: UNREADABLE_FORM,
      });
    }
    expect(state.db).toBe(0);
  });

  it("answer a 2 MB or 20 MB argument with payload_too_large, touching nothing", async () => {
    for (const [name, action] of Object.entries(await forms())) {
      const call = action as (...args: unknown[]) => Promise<unknown>;
      for (const size of [2 * MB, 20 * MB]) {
        expect(await call({ ok: false }, formData({ username: "A".repeat(size), billNumber: "B-1" })), name).toMatchObject({ ok: false, code: "payload_too_large" });
        expect(await call("A".repeat(size), formData({ username: "admin" })), name).toMatchObject({ ok: false, code: "payload_too_large" });
      }
    }
    expect(state.db).toBe(0);
  });
});

describe("oversizedActionResponse (for the proxy, before Next reads an action's body)", () => {
  const post = (headers: Record<string, string>, method = "POST") => new Request("http://localhost/login", { method, headers });

  it("answers a declared body over the limit with a friendly 413: the sentence to a script, a page to a form post", async () => {
    const fromScript = oversizedActionResponse(post({ "content-length": String(2 * MB), "next-action": "abc" }));
    expect(fromScript?.status).toBe(413);
    expect(fromScript?.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await fromScript?.text()).toBe(ACTION_TOO_LARGE_MESSAGE);
    const fromForm = oversizedActionResponse(post({ "content-length": String(20 * MB), "content-type": "multipart/form-data; boundary=x" }));
    expect(fromForm?.status).toBe(413);
    expect(fromForm?.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await fromForm?.text()).toContain(ACTION_TOO_LARGE_MESSAGE);
    expect(fromForm?.headers.get("cache-control")).toBe("no-store");
  });

  it("lets through what Next reads anyway: within the limit, undeclared, or a GET", () => {
    expect(oversizedActionResponse(post({ "content-length": String(ACTION_BODY_LIMIT_BYTES), "next-action": "abc" }))).toBeNull();
    expect(oversizedActionResponse(post({ "next-action": "abc" }))).toBeNull();
    expect(oversizedActionResponse(post({ "content-length": "junk" }))).toBeNull();
    expect(oversizedActionResponse(post({}, "GET"))).toBeNull();
  });

  it("says how much is allowed", () => {
    expect(ACTION_TOO_LARGE_MESSAGE).toBe("What you sent is too large for this page (at most 1 MB). Go back, shorten it and try again.");
  });
});
