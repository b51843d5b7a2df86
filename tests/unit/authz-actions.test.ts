import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/server/auth/session";
import { ACTIONS, PRINCIPALS, type Principal } from "../authz-manifest";

// Every server action × every principal, through the REAL guards: only who is signed in is
// replaced (getCurrentUser), and the database throws if touched. A refused principal must be
// refused by a guard before any database access; an allowed one must pass every guard.

const state = vi.hoisted(() => ({ user: null as SessionUser | null, events: [] as string[] }));

vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({ "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250) + 1}`, "x-request-id": "authz-test", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/db", () => {
  const touched = () => {
    state.events.push("db");
    throw new Error("DB_TOUCHED");
  };
  return { getDb: touched, getDbHandle: touched, setDbHandle: () => undefined };
});
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => state.user,
  peekCurrentSession: async () => state.user,
}));
vi.mock("@/lib/server/auth/guards", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/auth/guards")>();
  function recorded<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) {
    return async (...args: A): Promise<R> => {
      try {
        const result = await fn(...args);
        state.events.push(`pass:${name}`);
        return result;
      } catch (err) {
        state.events.push(`deny:${name}`);
        throw err;
      }
    };
  }
  return {
    ...real,
    requireUser: recorded("requireUser", real.requireUser),
    requireRole: recorded("requireRole", real.requireRole),
    requirePermission: recorded("requirePermission", real.requirePermission),
    requirePageUser: recorded("requirePageUser", real.requirePageUser),
    requirePageRole: recorded("requirePageRole", real.requirePageRole),
    requirePageSession: recorded("requirePageSession", real.requirePageSession),
  };
});
const APP = path.join(import.meta.dirname, "../../app");

function userFor(principal: Principal): SessionUser | null {
  if (principal === "anonymous") return null;
  const role = principal === "dispatcher" ? "dispatcher" : principal === "biller" ? "biller" : principal === "gate" ? "gate" : principal === "customer" ? "customer" : "admin";
  return {
    id: `id-${principal}`,
    username: principal,
    role,
    dispatchArea: role === "dispatcher" ? "lucknow" : null,
    totpEnabled: principal === "admin-2fa",
    mustChangePassword: false,
    sessionToken: `token-${principal}`,
    sessionCreatedAt: new Date(),
    sessionExpiresAt: new Date(Date.now() + 30 * 60_000),
  };
}

async function call(fn: (...args: unknown[]) => unknown, args: unknown[]) {
  try {
    return { returned: await fn(...args) };
  } catch (err) {
    return { thrown: err };
  }
}

let quietErrors: ReturnType<typeof vi.spyOn> | undefined;
beforeAll(() => {
  // Allowed principals run into the throwing database; the actions log that as unexpected.
  quietErrors = vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterAll(() => quietErrors?.mockRestore());

const cases = Object.entries(ACTIONS).flatMap(([file, actions]) =>
  Object.entries(actions).flatMap(([name, entry]) => PRINCIPALS.map((principal) => ({ file, name, entry, principal }))),
);

describe("server actions × principals", () => {
  it.each(cases)("$file $name as $principal", async ({ file, name, entry, principal }) => {
    const mod = (await import(path.join(APP, file))) as Record<string, unknown>;
    const fn = mod[name];
    expect(typeof fn, `${file} exports ${name}`).toBe("function");
    state.user = userFor(principal);
    state.events = [];
    const outcome = await call(fn as (...args: unknown[]) => unknown, entry.args());
    const guards = state.events.filter((e) => e !== "db");
    const denied = guards.some((e) => e.startsWith("deny:"));
    if (entry.allow.includes(principal)) {
      expect(denied, `${principal} must pass the guards (${state.events.join(", ")})`).toBe(false);
      if (!entry.public) expect(guards.length, "a guard is called").toBeGreaterThan(0);
    } else {
      expect(denied, `${principal} must be refused by a guard (${state.events.join(", ")})`).toBe(true);
      expect(state.events, "refused before any database access").not.toContain("db");
      // The refusal reaches the caller as 401/403 (thrown) or as a value naming it.
      const text = JSON.stringify(outcome.returned ?? {}) + String((outcome.thrown as Error | undefined)?.message ?? "");
      expect(text).toMatch(/sign in|session has ended|permission|two-factor|temporary password|unauthenticated|forbidden|2fa_required|only use the portal/i);
    }
    if (!entry.public && state.events.includes("db")) {
      expect(state.events.indexOf("db"), "the database is touched only after a guard").toBeGreaterThan(state.events.findIndex((e) => e.startsWith("pass:")));
    }
  });
});
