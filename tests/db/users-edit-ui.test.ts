import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { deleteUserAction, updateUserAction } from "@/app/(admin)/admin/users/[id]/edit/actions";
import { createUserAction } from "@/app/(admin)/admin/users/actions";
import { DELETE as deleteUserRoute, PATCH as patchUserRoute } from "@/app/api/users/[id]/route";
import { users } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import type { Actor } from "@/lib/server/service";
import { pseudonymOf } from "@/lib/server/users/anonymise";
import { MAX_DISPATCHERS_PER_AREA } from "@/lib/server/users/roles";
import { routeSessionOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// Issue 17: the edit page's actions and PATCH/DELETE /api/users/[id] are thin adapters over the
// same verbs; refusals land under the field they concern, a delete goes back to the list.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.31", "x-request-id": "users-edit", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));
delete process.env.REDIS_URL;
delete process.env.TRUST_PROXY;

const db = setupTestDb();
const SITE = "http://localhost";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

function request(method: string, path: string, body?: unknown) {
  return new Request(`${SITE}${path}`, {
    method,
    headers: { host: "localhost", origin: SITE, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function redirectOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const digest = (err as { digest?: string } | null)?.digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2] ?? "";
    throw err;
  }
  throw new Error("expected a redirect");
}

let admin: Actor;
beforeEach(async () => {
  await truncateAll(db());
  admin = await makeUser(db().db, "admin");
  session.user = routeSessionOf(admin);
});

describe("the edit page's actions", () => {
  it("saves a change and says so", async () => {
    const clerk = await makeUser(db().db, "biller");
    const answer = await updateUserAction(clerk.id, { ok: false }, form({ username: "asha.k", email: "asha@example.com", role: "dispatcher", dispatchArea: "akola" }));
    expect(answer).toMatchObject({ ok: true, message: "Saved asha.k." });
    const [row] = await db().db.select().from(users).where(eq(users.id, clerk.id));
    expect(row).toMatchObject({ username: "asha.k", email: "asha@example.com", role: "dispatcher", dispatchArea: "akola" });
  });

  it("puts each refusal under its field and keeps what was typed", async () => {
    const one = await makeUser(db().db, "biller");
    const two = await makeUser(db().db, "biller");
    const taken = await updateUserAction(two.id, { ok: false }, form({ username: one.username, email: "" }));
    expect(taken).toMatchObject({ ok: false, code: "duplicate_username", fields: { username: [expect.stringContaining(one.username)] }, values: { username: one.username } });
    const noArea = await updateUserAction(two.id, { ok: false }, form({ role: "dispatcher", dispatchArea: "" }));
    expect(noArea).toMatchObject({ ok: false, code: "area_required", fields: { dispatchArea: ["A dispatcher needs a dispatch area."] } });
    for (let i = 0; i < MAX_DISPATCHERS_PER_AREA; i += 1) await makeUser(db().db, "dispatcher", "raipur");
    const full = await updateUserAction(two.id, { ok: false }, form({ role: "dispatcher", dispatchArea: "raipur" }));
    expect(full).toMatchObject({ ok: false, code: "area_full", fields: { dispatchArea: [expect.stringContaining("Raipur")] } });
    const own = await updateUserAction(admin.id, { ok: false }, form({ role: "biller" }));
    expect(own).toMatchObject({ ok: false, code: "own_role", fields: { role: [expect.any(String)] } });
  });

  it("deletes after the username is typed again, then opens the list with the pseudonym", async () => {
    const clerk = await makeUser(db().db, "biller");
    const wrong = await deleteUserAction(clerk.id, { ok: false }, form({ confirm: "not-them" }));
    expect(wrong).toMatchObject({ ok: false, code: "confirmation_mismatch", fields: { confirm: [expect.stringContaining(clerk.username)] } });
    expect(await redirectOf(deleteUserAction(clerk.id, { ok: false }, form({ confirm: clerk.username })))).toBe(`/admin/users?deleted=${pseudonymOf(clerk.id)}`);
  });

  it("puts a full area under the new-user form's area field", async () => {
    for (let i = 0; i < MAX_DISPATCHERS_PER_AREA; i += 1) await makeUser(db().db, "dispatcher", "indore");
    const answer = await createUserAction({ ok: false }, form({ username: "late-joiner", role: "dispatcher", dispatchArea: "indore" }));
    expect(answer).toMatchObject({ ok: false, code: "area_full", fields: { dispatchArea: [expect.stringContaining("Indore")] } });
  });
});

describe("PATCH and DELETE /api/users/[id]", () => {
  it("edits through the same rules and answers the DTO or the error contract", async () => {
    const clerk = await makeUser(db().db, "biller");
    const ok = await patchUserRoute(request("PATCH", `/api/users/${clerk.id}`, { email: "Clerk@Example.com", role: "gate" }), params(clerk.id));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ user: { id: clerk.id, username: clerk.username, email: "Clerk@Example.com", role: "gate", dispatchArea: null, authSource: "local" } });
    const other = await makeUser(db().db, "biller");
    const dup = await patchUserRoute(request("PATCH", `/api/users/${other.id}`, { email: "clerk@example.com" }), params(other.id));
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ error: { code: "duplicate_email" } });
    const noArea = await patchUserRoute(request("PATCH", `/api/users/${other.id}`, { role: "dispatcher" }), params(other.id));
    expect(noArea.status).toBe(400);
    expect(await noArea.json()).toMatchObject({ error: { code: "area_required" } });
  });

  it("deletes with 204, then answers 404; refuses non-admins", async () => {
    const clerk = await makeUser(db().db, "biller");
    session.user = routeSessionOf(clerk);
    expect((await deleteUserRoute(request("DELETE", `/api/users/${admin.id}`), params(admin.id))).status).toBe(403);
    session.user = routeSessionOf(admin);
    const gone = await deleteUserRoute(request("DELETE", `/api/users/${clerk.id}`), params(clerk.id));
    expect(gone.status).toBe(204);
    expect((await deleteUserRoute(request("DELETE", `/api/users/${clerk.id}`), params(clerk.id))).status).toBe(404);
    const self = await deleteUserRoute(request("DELETE", `/api/users/${admin.id}`), params(admin.id));
    expect(self.status).toBe(409);
    expect(await self.json()).toMatchObject({ error: { code: "own_account" } });
  });
});
