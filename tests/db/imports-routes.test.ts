import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as jobRoute } from "@/app/api/imports/jobs/[id]/route";
import { POST as importRoute } from "@/app/api/imports/route";
import type { SessionUser } from "@/lib/server/auth/session";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { csvOf, labelBatchXlsx } from "../fixtures/imports";
import { routeSessionOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

delete process.env.REDIS_URL;
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const ORIGIN = "http://localhost";
const NO_SEGMENTS = { params: Promise.resolve({}) };
let admin: Awaited<ReturnType<typeof makeUser>>;
let biller: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  setStatsStore(createMemoryStatsStore());
  await truncateAll(db());
  admin = await makeUser(db().db, "admin");
  biller = await makeUser(db().db, "biller");
});

function post(fields: Record<string, string | Blob>, fileName = "batch.xlsx") {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Blob) form.set(k, v, fileName);
    else form.set(k, v);
  }
  return new Request(`${ORIGIN}/api/imports`, { method: "POST", body: form, headers: { origin: ORIGIN } });
}

describe("POST /api/imports", () => {
  it("dry-runs then imports a label batch (multipart), with the job's progress readable", async () => {
    session.user = routeSessionOf(admin);
    const file = new Blob([new Uint8Array(await labelBatchXlsx([{ parent: "SB70001", children: [1, 2, 3] }]))]);
    const jobId = crypto.randomUUID();
    const dry = await importRoute(post({ file, kind: "labels", dryRun: "true", area: "ranchi", jobId }), NO_SEGMENTS);
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ dryRun: true, summary: { rows: 4, ok: 4, failed: 0 }, rows: [{ row: 2, ok: true }, { row: 3, ok: true }, { row: 4, ok: true }, { row: 5, ok: true }] });
    const job = await jobRoute(new Request(`${ORIGIN}/api/imports/jobs/${jobId}`), { params: Promise.resolve({ id: jobId }) });
    expect(await job.json()).toMatchObject({ job: { id: jobId, phase: "done", total: 4 } });
    const real = await importRoute(post({ file, kind: "labels", dryRun: "false", area: "ranchi" }), NO_SEGMENTS);
    expect(real.status).toBe(200);
    const [row] = await db().rows<{ child_count: number }>(sql`select child_count from bags where qr = 'SB70001'`);
    expect(row?.child_count).toBe(3);
  });

  it("answers 409 import_rejected with the rows when a real run has a failed row", async () => {
    session.user = routeSessionOf(admin);
    const file = new Blob([new Uint8Array(csvOf([["parent_qr", "child_qr", "area"], ["SB70002", "bad!", "ranchi"]]))]);
    const res = await importRoute(post({ file, kind: "bags", dryRun: "false" }, "bags.csv"), NO_SEGMENTS);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: "import_rejected" },
      dryRun: false,
      summary: { rows: 1, ok: 0, failed: 1 },
      rows: [{ row: 2, ok: false, code: "invalid_qr" }],
    });
  });

  it("refuses a declared body past 20 MB unread (413), JSON (415), a missing kind (400) and a biller (403)", async () => {
    session.user = routeSessionOf(admin);
    const big = new Request(`${ORIGIN}/api/imports`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(25 * 1024 * 1024) },
      body: "--x--",
    });
    const tooLarge = await importRoute(big, NO_SEGMENTS);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { code: string } }).error.code).toBe("file_too_large");
    const json = await importRoute(new Request(`${ORIGIN}/api/imports`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), NO_SEGMENTS);
    expect(json.status).toBe(415);
    const noKind = await importRoute(post({ file: new Blob(["a"]) }, "bags.csv"), NO_SEGMENTS);
    expect(noKind.status).toBe(400);
    session.user = routeSessionOf(biller);
    expect((await importRoute(post({ file: new Blob(["a"]), kind: "bags" }, "bags.csv"), NO_SEGMENTS)).status).toBe(403);
  });
});
