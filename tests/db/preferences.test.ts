import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { savePreferences } from "@/app/preferences/actions";
import { users } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { parsePreferences, saveUserPreferences } from "@/lib/server/users/preferences";
import { sessionUserOf, TEST_META } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// Issue 19: a person's language and theme. Signed in they are stored on the account ("browser" and
// "system" as null: the device decides); signed out, on this device's cookies. Only who is signed
// in and the request's cookie jar are stood in for; the verb and the action run for real.

const request = vi.hoisted(() => ({
  user: null as SessionUser | null,
  jar: new Map<string, string>(),
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.61", "x-request-id": "preferences", "accept-language": "en-IN,en;q=0.9" }),
  cookies: async () => ({
    get: (name: string) => (request.jar.has(name) ? { name, value: request.jar.get(name) } : undefined),
    has: (name: string) => request.jar.has(name),
    set: (name: string, value: string) => void request.jar.set(name, value),
    delete: (name: string) => void request.jar.delete(name),
  }),
}));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => request.user,
  peekCurrentSession: async () => request.user,
}));
delete process.env.REDIS_URL;

const db = setupTestDb();
const pub = () => ({ db: db().db, meta: TEST_META });

async function choiceOf(userId: string) {
  const [row] = await db().db.select({ locale: users.locale, theme: users.theme }).from(users).where(eq(users.id, userId));
  return row;
}

/** What `fn` was refused with: its code, field messages and sentence. */
async function refusalOf(fn: () => unknown) {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, message: err.message, fields: err.fields, key: err.text?.key };
    throw err;
  }
  throw new Error("was not refused");
}

beforeEach(async () => {
  await truncateAll(db());
  request.user = null;
  request.jar.clear();
});

describe("parsePreferences", () => {
  it("reads a language or a theme, with 'browser' and 'system' as null (the device decides)", () => {
    expect(parsePreferences({ locale: "hi" })).toEqual({ locale: "hi" });
    expect(parsePreferences({ locale: "browser" })).toEqual({ locale: null });
    expect(parsePreferences({ theme: "contrast" })).toEqual({ theme: "contrast" });
    expect(parsePreferences({ theme: "system" })).toEqual({ theme: null });
    expect(parsePreferences({ locale: "en", theme: "dark" })).toEqual({ locale: "en", theme: "dark" });
  });

  it("refuses an unknown language or theme with a sentence naming the choices", async () => {
    for (const input of [{ locale: "fr" }, { locale: "HI" }, { theme: "purple" }, { theme: "" }, { theme: null }, { locale: 1 }]) {
      const refusal = await refusalOf(() => parsePreferences(input));
      expect(refusal).toMatchObject({ code: "invalid_input", key: "preference_invalid" });
      expect(refusal.message).toMatch(/^Unknown (language|theme): Choose a language \(en, hi or browser\) or a theme \(system, light, dark or contrast\)\.$/);
    }
  });

  it("refuses nothing chosen and anything besides a language and a theme", async () => {
    expect(await refusalOf(() => parsePreferences({}))).toMatchObject({ code: "invalid_input", message: expect.stringMatching(/^Choose a language/) });
    expect(await refusalOf(() => parsePreferences({ theme: "dark", role: "admin" }))).toMatchObject({ code: "invalid_input" });
    expect(await refusalOf(() => parsePreferences("dark"))).toMatchObject({ code: "invalid_input" });
  });
});

describe("saveUserPreferences", () => {
  it("stores the choice on that account only, and null for the browser's / the system's", async () => {
    const me = await makeUser(db().db, "biller");
    const other = await makeUser(db().db, "dispatcher");
    await saveUserPreferences(pub(), other.id, { locale: "en", theme: "contrast" });

    await saveUserPreferences(pub(), me.id, parsePreferences({ locale: "hi" }));
    await saveUserPreferences(pub(), me.id, parsePreferences({ theme: "dark" }));
    expect(await choiceOf(me.id)).toEqual({ locale: "hi", theme: "dark" });

    // One choice at a time leaves the other as it was.
    await saveUserPreferences(pub(), me.id, parsePreferences({ theme: "system" }));
    expect(await choiceOf(me.id)).toEqual({ locale: "hi", theme: null });
    await saveUserPreferences(pub(), me.id, parsePreferences({ locale: "browser" }));
    expect(await choiceOf(me.id)).toEqual({ locale: null, theme: null });

    expect(await choiceOf(other.id)).toEqual({ locale: "en", theme: "contrast" });
  });
});

describe("savePreferences (the menus' action)", () => {
  it("signed in: stores on the caller's account, not another's, and sets no cookie", async () => {
    const me = await makeUser(db().db, "dispatcher");
    const other = await makeUser(db().db, "dispatcher");
    request.user = sessionUserOf(me);

    expect(await savePreferences("theme", "dark")).toEqual({ ok: true, stored: "account" });
    expect(await savePreferences("locale", "hi")).toEqual({ ok: true, stored: "account" });
    expect(await choiceOf(me.id)).toEqual({ locale: "hi", theme: "dark" });
    expect(await choiceOf(other.id)).toEqual({ locale: null, theme: null });
    expect([...request.jar.keys()]).toEqual([]);
  });

  it("signed in, 'System' / 'Browser default' also clears this device's own earlier choice", async () => {
    const me = await makeUser(db().db, "biller");
    request.jar.set("tt-theme", "contrast");
    request.jar.set("tt-locale", "hi");
    request.user = sessionUserOf(me);

    await savePreferences("theme", "light");
    expect(request.jar.get("tt-theme")).toBe("contrast");
    await savePreferences("theme", "system");
    expect(await choiceOf(me.id)).toEqual({ locale: null, theme: null });
    expect(request.jar.has("tt-theme")).toBe(false);
    await savePreferences("locale", "browser");
    expect(request.jar.has("tt-locale")).toBe(false);
  });

  it("signed out: remembers the choice on this device's cookies and touches no account", async () => {
    const someone = await makeUser(db().db, "biller");
    expect(await savePreferences("locale", "hi")).toEqual({ ok: true, stored: "device" });
    expect(await savePreferences("theme", "contrast")).toEqual({ ok: true, stored: "device" });
    expect(Object.fromEntries(request.jar)).toEqual({ "tt-locale": "hi", "tt-theme": "contrast" });

    await savePreferences("theme", "system");
    await savePreferences("locale", "browser");
    expect([...request.jar.keys()]).toEqual([]);
    expect(await choiceOf(someone.id)).toEqual({ locale: null, theme: null });
  });

  it("refuses an unknown kind or value, stores nothing, and says so in the reader's language", async () => {
    const me = await makeUser(db().db, "biller");
    request.user = sessionUserOf(me);
    for (const [kind, value] of [["theme", "purple"], ["locale", "fr"], ["colour", "dark"], ["theme", { dark: true }]] as const) {
      const answer = await savePreferences(kind, value);
      expect(answer).toMatchObject({ ok: false });
      expect(answer.ok ? "" : answer.code).toMatch(/^invalid_(input|request)$/);
    }
    expect(await choiceOf(me.id)).toEqual({ locale: null, theme: null });

    await db().db.update(users).set({ locale: "hi" }).where(eq(users.id, me.id));
    request.user = sessionUserOf(me, { locale: "hi" });
    const inHindi = await savePreferences("theme", "purple");
    expect(inHindi).toMatchObject({ ok: false, code: "invalid_input" });
    expect(inHindi.ok ? "" : inHindi.message).toMatch(/^कोई भाषा/);
  });
});
