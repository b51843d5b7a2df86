import { describe, expect, it } from "vitest";
import { setupTestDb } from "../support/db";

// Nothing listens on port 1: Redis is configured but unreachable.
process.env.REDIS_URL = "redis://127.0.0.1:1";
setupTestDb();

describe("GET /api/health with Redis down", () => {
  it("says degraded and still answers 200 while the database is up", async () => {
    const { GET } = await import("@/app/api/health/route");
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "degraded", db: { ok: true }, redis: { ok: false } });
  });
});
