import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/system_health/route";
import { getCurrentUser, type SessionUser } from "@/lib/server/auth/session";
import { band } from "@/lib/server/stats/health-grade";
import { recordServerError } from "@/lib/server/stats/runtime-metrics";
import { truncateAll, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// The real guards and permission matrix run; only the cookie → user step is replaced.
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: vi.fn(),
}));

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) process.env.REDIS_URL = redisUrl;
else delete process.env.REDIS_URL;
const db = setupTestDb();

type Made = Awaited<ReturnType<typeof makeUser>>;
const users: Partial<Record<"admin" | "biller" | "dispatcher", Made>> = {};

function signIn(user: Made | null): void {
  const session: SessionUser | null = user && {
    ...user,
    // Admins must have 2FA on before any guard lets them through.
    totpEnabled: user.role === "admin",
    mustChangePassword: false,
    sessionToken: "t",
    sessionCreatedAt: new Date(),
    sessionExpiresAt: new Date(Date.now() + 60_000),
  };
  vi.mocked(getCurrentUser).mockResolvedValue(session);
}

beforeAll(async () => {
  await truncateAll(db());
  users.admin = await makeUser(db().db, "admin");
  users.biller = await makeUser(db().db, "biller");
  users.dispatcher = await makeUser(db().db, "dispatcher", "jaipur");
});

/** One GET /api/system_health, as Next calls the handler. */
const get = () => GET(new Request("http://tracetrack.test/api/system_health"), { params: Promise.resolve({}) });

const COMPONENTS = ["database", "pool", "redis", "cache", "memory", "eventLoop", "errors", "statistics", "sessions", "backups", "gateScans"];

describe("GET /api/system_health", () => {
  it("answers 401 to anonymous callers and 403 to billers and dispatchers", async () => {
    signIn(null);
    const anon = await get();
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ error: { code: "unauthenticated" } });
    for (const who of ["biller", "dispatcher"] as const) {
      signIn(users[who] ?? null);
      const res = await get();
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
      expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
  });

  it("reports every component with a light, a summary and its thresholds to an admin", async () => {
    recordServerError();
    signIn(users.admin ?? null);
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", db: { ok: true }, overall: expect.stringMatching(/^(green|amber|red)$/), uptimeS: expect.any(Number) });
    expect(Object.keys(body.components).sort()).toEqual([...COMPONENTS].sort());
    for (const name of COMPONENTS) {
      expect(body.components[name]).toMatchObject({
        status: expect.stringMatching(/^(green|amber|red)$/),
        summary: expect.any(String),
        thresholds: expect.any(String),
      });
    }
    expect(body.components.database.details.sizeMb).toBeGreaterThanOrEqual(0);
    expect(body.components.memory.details.rssMb).toBeGreaterThan(0);
    expect(body.components.errors).toMatchObject({ status: "amber", details: { last15Min: 1 } });
    expect(body.components.redis.details.configured).toBe(Boolean(redisUrl));
    if (db().kind === "postgres") {
      expect(body.components.pool.details).toMatchObject({ total: expect.any(Number), idle: expect.any(Number), queuedInPool: "n/a" });
      expect(body.components.pool.details.total).toBeGreaterThanOrEqual(1);
    } else {
      expect(body.components.pool.details).toMatchObject({ total: "n/a" });
    }
  });

  it("says whether this instance listens for session changes, and how many sessions it keeps", async () => {
    signIn(users.admin ?? null);
    // The first health read starts the app's session cache (its LISTEN connects in the background).
    let details: Record<string, unknown> = {};
    for (let i = 0; i < 200 && details.cacheListening !== true; i += 1) {
      details = (await (await get()).json()).components.sessions.details;
      if (details.cacheListening !== true) await new Promise((r) => setTimeout(r, 10));
    }
    expect(details).toMatchObject({ cacheSeconds: 10, cacheListening: true, cacheKept: expect.any(Number) });
    const sessions = (await (await get()).json()).components.sessions;
    expect(sessions.summary).toMatch(/kept here for ≤ 10 s/);
    expect(sessions.thresholds).toMatch(/listening/);
  });

  it("grades by the documented bands", () => {
    expect([band(99, 100, 500), band(100, 100, 500), band(499, 100, 500), band(500, 100, 500)]).toEqual(["green", "amber", "amber", "red"]);
  });
});
