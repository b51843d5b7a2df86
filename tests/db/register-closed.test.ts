import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import LoginPage from "@/app/(auth)/login/page";
import RegisterPage from "@/app/(auth)/register/page";
import { createAccount } from "@/app/(auth)/register/actions";
import { auditLog, outbox, users } from "@/db/schema";
import { EnvError, parseEnv } from "@/lib/server/env";
import { REGISTRATION_CLOSED, registerUser } from "@/lib/server/users/register";
import { setupTestDb, truncateAll } from "../support/db";

// Self-registration with REGISTRATION unset (the default: closed). register.test.ts covers open.
delete process.env.REGISTRATION;
delete process.env.REDIS_URL;

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.90", "x-request-id": "register-closed", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => null,
  peekCurrentSession: async () => null,
}));

const db = setupTestDb();
const fields = { username: "walk-in", email: "walk-in@example.com", password: "floor-pass-2024", confirm: "floor-pass-2024" };

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

beforeEach(async () => {
  await truncateAll(db());
  await db().db.delete(outbox);
});

describe("self-registration when REGISTRATION is not open (the default)", () => {
  it("answers /register with a 404", async () => {
    const digest = await RegisterPage().then(
      () => "rendered",
      (err: unknown) => String((err as { digest?: unknown }).digest),
    );
    expect(digest).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
  });

  it("refuses the action with 404 registration_closed, and creates, mails and audits nothing", async () => {
    expect(await createAccount({ ok: false }, form(fields))).toMatchObject({ ok: false, code: "registration_closed", message: REGISTRATION_CLOSED });
    // A bot is refused the same way: closed is closed.
    expect(await createAccount({ ok: false }, form({ ...fields, website: "x" }))).toMatchObject({ code: "registration_closed" });
    await expect(registerUser({ db: db().db, meta: { ip: null, requestId: null } }, fields)).rejects.toMatchObject({ status: 404, code: "registration_closed" });
    expect(await db().db.select().from(users)).toHaveLength(0);
    expect(await db().db.select().from(outbox)).toHaveLength(0);
    expect(await db().db.select().from(auditLog)).toHaveLength(0);
  });

  it("shows no Create an account link on /login", async () => {
    const html = renderToStaticMarkup(await LoginPage({ searchParams: Promise.resolve({}) }));
    expect(html).toContain("Sign in");
    expect(html).not.toContain("/register");
    expect(html).not.toContain("Create an account");
  });
});

describe("the REGISTRATION setting", () => {
  it("is closed unless set to open, and a bad value stops the start naming the variable", () => {
    expect(parseEnv({}).REGISTRATION).toBe("closed");
    expect(parseEnv({ REGISTRATION: "" }).REGISTRATION).toBe("closed");
    expect(parseEnv({ REGISTRATION: " open " }).REGISTRATION).toBe("open");
    expect(parseEnv({ REGISTRATION: "closed" }).REGISTRATION).toBe("closed");
    const problems = (() => {
      try {
        parseEnv({ REGISTRATION: "yes" });
        return [];
      } catch (err) {
        return err instanceof EnvError ? err.problems : [String(err)];
      }
    })();
    expect(problems).toEqual(['REGISTRATION must be "open" or "closed" (default closed)']);
  });
});
