import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sessions, users } from "@/db/schema";
import { requirePageRole, requirePageUser, requirePermission, requireRole, requireUser } from "@/lib/server/auth/guards";
import { PENDING_2FA_TTL_MS, passwordFingerprint, signPending } from "@/lib/server/auth/pending-2fa";
import { getEnv } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// The real guards and session resolution; only the request (cookies, path) is made up here.
const request = vi.hoisted(() => ({ cookies: new Map<string, string>(), path: "/admin/users" }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined) }),
  headers: async () => new Headers({ "x-tracetrack-path": request.path }),
}));

const db = setupTestDb();

async function signedIn(role: "admin" | "biller" | "dispatcher", patch: Partial<typeof users.$inferInsert> = {}) {
  const user = await makeUser(db().db, role);
  if (Object.keys(patch).length) await db().db.update(users).set(patch).where(eq(users.id, user.id));
  const token = crypto.randomUUID();
  await db().db.insert(sessions).values({ sessionToken: token, userId: user.id, expires: new Date(Date.now() + 30 * 60_000) });
  request.cookies = new Map([["authjs.session-token", token]]);
  return user;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  if (err instanceof AppError) return `${err.status} ${err.code}`;
  const digest = (err as { digest?: string } | null)?.digest ?? "";
  return digest.startsWith("NEXT_REDIRECT") ? `redirect ${digest.split(";")[2]}` : String(err);
}

describe("guards", () => {
  beforeEach(async () => {
    await truncateAll(db());
    request.cookies = new Map();
    request.path = "/admin/users";
  });

  it("never let a pending-2FA state through: only a session row signs anyone in", async () => {
    const user = await makeUser(db().db, "admin");
    const [row] = await db().db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    const pending = signPending({ userId: user.id, pw: passwordFingerprint(row?.hash ?? ""), expiresAt: Date.now() + PENDING_2FA_TTL_MS, nonce: "n" }, getEnv().authSecret);
    request.cookies = new Map([["tt.2fa-pending", pending]]);
    expect(await refusal(requireUser({ allowMissing2fa: true, allowPasswordChange: true }))).toBe("401 unauthenticated");
    expect(await refusal(requirePageUser({ allowMissing2fa: true }))).toBe("redirect /login?next=%2Fadmin%2Fusers");
  });

  it("refuse an admin without 2FA everywhere except enrolment, and send their pages to /2fa/setup", async () => {
    await signedIn("admin");
    expect(await refusal(requireUser())).toBe("403 2fa_required");
    expect(await refusal(requireRole("admin"))).toBe("403 2fa_required");
    expect(await refusal(requirePermission("users:manage"))).toBe("403 2fa_required");
    expect(await refusal(requirePermission("scan:pack"))).toBe("403 2fa_required");
    expect(await refusal(requirePageRole("admin"))).toBe("redirect /2fa/setup?next=%2Fadmin%2Fusers");
    request.path = "/scan";
    expect(await refusal(requirePageUser())).toBe("redirect /2fa/setup?next=%2Fscan");
    await expect(requireUser({ allowMissing2fa: true })).resolves.toMatchObject({ role: "admin", totpEnabled: false });
  });

  it("let an admin with 2FA through to admin-only things", async () => {
    await signedIn("admin", { totpEnabled: true });
    await expect(requirePermission("users:manage")).resolves.toMatchObject({ role: "admin" });
    await expect(requirePageRole("admin")).resolves.toMatchObject({ role: "admin" });
  });

  it("hold a user with a temporary password at the password form", async () => {
    await signedIn("dispatcher", { mustChangePassword: true });
    expect(await refusal(requireUser())).toBe("403 password_change_required");
    request.path = "/scan";
    expect(await refusal(requirePageUser())).toBe("redirect /profile/password?next=%2Fscan");
    await expect(requireUser({ allowPasswordChange: true })).resolves.toMatchObject({ mustChangePassword: true });
  });

  it("refuse other roles with 403", async () => {
    await signedIn("biller");
    expect(await refusal(requireRole("admin"))).toBe("403 forbidden");
    expect(await refusal(requirePermission("audit:view"))).toBe("403 forbidden");
    await expect(requirePermission("bills:manage")).resolves.toMatchObject({ role: "biller" });
  });
});
