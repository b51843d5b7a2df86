import { describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { setDbHandle } from "@/lib/server/db";
import { setupTestDb } from "../support/db";

// Health reads REDIS_URL from the environment once; the real Redis when the suite has one.
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) process.env.REDIS_URL = redisUrl;
else delete process.env.REDIS_URL;

const db = setupTestDb();

describe("GET /api/health", () => {
  it("reports the database with its latency, and Redis (or disabled)", async () => {
    const { GET } = await import("@/app/api/health/route");
    const res = await GET();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", db: { ok: true }, redis: redisUrl ? { ok: true } : "disabled", version: expect.any(String) });
    expect(body.db.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.uptimeS).toBeGreaterThanOrEqual(0);
  });

  it("answers 503 'down' when the database is unreachable", async () => {
    const { GET } = await import("@/app/api/health/route");
    const dead = createDb({ url: "postgres://root@127.0.0.1:1/nowhere", poolMax: 1 });
    setDbHandle(dead);
    try {
      const res = await GET();
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "down", db: { ok: false, latencyMs: null } });
    } finally {
      setDbHandle(db());
      await dead.close();
    }
  });
});
