import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { SessionUser } from "@/lib/server/auth/session";
import { defineAction } from "@/lib/server/action";
import { ConflictError, NotFoundError } from "@/lib/server/errors";
import { localizedErrorMessage } from "@/lib/server/i18n";
import { parseInput } from "@/lib/server/validation";
import type { Locale } from "@/lib/preferences";

// Issue 19: a server action's refusal reads in the reader's language. The real adapter, guards and
// translator; only who is signed in, the request's cookies/headers and the messages are set here.

const state = vi.hoisted(() => ({ user: null as SessionUser | null, cookie: undefined as string | undefined, accept: "en-IN,en;q=0.9" }));

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.9", "accept-language": state.accept }),
  cookies: async () => ({ get: (name: string) => (name === "tt-locale" && state.cookie ? { name, value: state.cookie } : undefined) }),
}));
vi.mock("@/lib/server/db", () => ({ getDb: () => ({ fake: "db" }) }));
vi.mock("@/lib/server/rate-limit/limiter", () => ({ enforceLimit: vi.fn(async () => undefined) }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => state.user,
}));
vi.mock("@/i18n/messages", () => {
  const en = { errors: { check_fields: "Please correct the fields marked below.", session_ended: "Ended.", linked_elsewhere: "Child {child} is already in {where}.", forbidden: "No." } };
  const hi = { errors: { check_fields: "कृपया नीचे चिह्नित फ़ील्ड ठीक करें।", session_ended: "सत्र समाप्त।", linked_elsewhere: "चाइल्ड {child} पहले से {where} में है।", forbidden: "अनुमति नहीं है।" } };
  return { MESSAGES: { en, hi } };
});

function user(locale: Locale | null): SessionUser {
  return {
    id: "id-biller",
    username: "biller",
    role: "biller",
    dispatchArea: null,
    totpEnabled: false,
    mustChangePassword: false,
    locale,
    theme: null,
    sessionToken: "t",
    sessionCreatedAt: new Date(),
    sessionExpiresAt: new Date(Date.now() + 60_000),
  };
}

const linked = () => new ConflictError("linked_elsewhere", "Child 1234567 is already in SB00001.").say({ child: "1234567", where: "SB00001" });

beforeEach(() => {
  state.user = user("hi");
  state.cookie = undefined;
  state.accept = "en-IN,en;q=0.9";
});

describe("a refusal in the reader's language", () => {
  const refuse = (err: () => Error) => defineAction({}, async () => Promise.reject(err()));

  it("a Hindi reader gets the Hindi sentence filled with the refusal's values; the code stays English", async () => {
    expect(await refuse(linked)()).toEqual({ ok: false, code: "linked_elsewhere", message: "चाइल्ड 1234567 पहले से SB00001 में है।" });
  });

  it("an English reader keeps the verb's own sentence", async () => {
    state.user = user("en");
    expect(await refuse(linked)()).toEqual({ ok: false, code: "linked_elsewhere", message: "Child 1234567 is already in SB00001." });
  });

  it("no account choice: the device's cookie, then the browser's languages decide", async () => {
    state.user = user(null);
    state.cookie = "hi";
    expect(await refuse(linked)()).toMatchObject({ message: "चाइल्ड 1234567 पहले से SB00001 में है।" });
    state.cookie = undefined;
    expect(await refuse(linked)()).toMatchObject({ message: "Child 1234567 is already in SB00001." });
    state.accept = "hi-IN,hi;q=0.9,en;q=0.5";
    expect(await refuse(linked)()).toMatchObject({ message: "चाइल्ड 1234567 पहले से SB00001 में है।" });
  });

  it("a code without a Hindi message keeps the English sentence (never a key)", async () => {
    expect(await refuse(() => new NotFoundError("Bag SB1 was not found.", "bag_not_found"))()).toMatchObject({ message: "Bag SB1 was not found." });
  });

  it("a message whose values were not given falls back to English instead of showing a placeholder", () => {
    const bare = new ConflictError("linked_elsewhere", "Child 1 is already in SB2.");
    expect(localizedErrorMessage(bare, "hi", bare.message)).toBe("Child 1 is already in SB2.");
  });

  it("a guard's refusal and a form's field summary are translated too", async () => {
    state.user = { ...user("hi"), role: "dispatcher" };
    expect(await defineAction({ permission: "bills:manage" }, async () => ({}))()).toMatchObject({ code: "forbidden", message: "अनुमति नहीं है।" });
    const form = defineAction({}, async (_ctx, _prev: unknown, data: FormData) => parseInput(z.object({ qr: z.string().min(3, "Too short.") }), { qr: data.get("qr") }), { form: {} });
    const fd = new FormData();
    fd.set("qr", "x");
    expect(await form(null, fd)).toMatchObject({ code: "invalid_input", message: "कृपया नीचे चिह्नित फ़ील्ड ठीक करें।", fields: { qr: ["Too short."] } });
  });

  it("a verb's refusal shown under its field reads in Hindi there too", async () => {
    const form = defineAction({}, async (_ctx, _prev: unknown, _data: FormData) => Promise.reject(linked()), {
      form: { fieldOfCode: { linked_elsewhere: "qr" } },
    });
    expect(await form(null, new FormData())).toEqual({
      ok: false,
      code: "linked_elsewhere",
      message: "कृपया नीचे चिह्नित फ़ील्ड ठीक करें।",
      fields: { qr: ["चाइल्ड 1234567 पहले से SB00001 में है।"] },
    });
  });
});
