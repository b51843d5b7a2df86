import { eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import BagsPage from "@/app/(app)/bags/page";
import DashboardPage from "@/app/(app)/dashboard/page";
import ScanPage from "@/app/(app)/scan/page";
import {
  finishParentAction,
  listParentChildrenAction,
  removeChildAction,
  reopenParentAction,
  scanChildAction,
  scanParentAction,
  undoLastScanAction,
} from "@/app/(app)/scan/actions";
import { GET as bagRoute } from "@/app/api/bag/[qr]/route";
import { POST as childRoute } from "@/app/api/scan/child/route";
import { POST as finishRoute } from "@/app/api/scan/finish/route";
import { POST as parentRoute } from "@/app/api/scan/parent/route";
import { POST as removeRoute } from "@/app/api/scan/remove/route";
import { POST as reopenRoute } from "@/app/api/scan/reopen/route";
import { POST as undoRoute } from "@/app/api/scan/undo/route";
import { GET as statsRoute } from "@/app/api/stats/route";
import { bags, sessions, users } from "@/db/schema";
import { readBagListFilters } from "@/lib/schemas/bags";
import { countBags, listBags } from "@/lib/server/bags/list";
import { NO_AREA_MESSAGE } from "@/lib/server/scan/access";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { listRecentActivity } from "@/lib/server/stats/activity";
import type { Actor } from "@/lib/server/service";
import { registerUser } from "@/lib/server/users/register";
import { createRateLimiter } from "@/lib/server/rate-limit/limiter";
import { ctxOf } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";
import { countAll } from "../support/scan";

// A dispatcher without a dispatch area (what self-registration makes, DESIGN.md §4): every scan
// entry point (JSON routes and the station's server actions) refuses with 403 no_area, every
// list is empty, the numbers are zero, nothing is written. Once an admin sets the area (here an
// UPDATE of the row), the same signed-in session scans. The session is a real row, resolved by
// the real resolveSession on every call (it reads the user's area from the database).
process.env.REGISTRATION = "open";
delete process.env.REDIS_URL;
delete process.env.SMTP_URL;

const state = vi.hoisted(() => ({ token: "" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.61", "x-request-id": "no-area", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/auth/session")>();
  const { getDb } = await import("@/lib/server/db");
  const current = async () => (state.token ? real.resolveSession(getDb(), state.token, real.sessionPolicy()) : null);
  return { ...real, getCurrentUser: current, peekCurrentSession: current };
});

const db = setupTestDb();
const ORIGIN = "http://tracetrack.test";
const NO_SEGMENTS = { params: Promise.resolve({}) };
const roomy = createRateLimiter({ redis: null, prefix: "no-area", rules: { register: { perAccount: 100, ipFactor: 6, windowS: 60, onRedisError: "memory" } } });

let newcomer: Actor;
let lucknow: Actor;

const post = (path: string, body: unknown) =>
  new Request(`${ORIGIN}${path}`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN }, body: JSON.stringify(body) });
async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const NO_AREA = { status: 403, body: { error: { code: "no_area", message: NO_AREA_MESSAGE } } };

beforeAll(async () => {
  await truncateAll(db());
  lucknow = await makeUser(db().db, "dispatcher", "lucknow");
  const indore = await makeUser(db().db, "dispatcher", "indore");
  // Bags of two areas the newcomer must not see.
  await scanParent(ctxOf(db().db, lucknow), { qr: "SB00001" });
  await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00001", qr: "1000001" });
  await scanParent(ctxOf(db().db, indore), { qr: "M444-00001" });
  await scanChild(ctxOf(db().db, indore), { parentQr: "M444-00001", qr: "2000001" });

  const created = await registerUser(
    { db: db().db, meta: { ip: "198.51.100.61", requestId: "no-area" } },
    { username: "newcomer", email: "newcomer@example.com", password: "floor-pass-2024", confirm: "floor-pass-2024" },
    roomy,
  );
  if (!created) throw new Error("registration made no user");
  newcomer = created;
  state.token = `no-area-session-${Date.now()}`;
  await db().db.insert(sessions).values({ sessionToken: state.token, userId: newcomer.id, expires: new Date(Date.now() + 20 * 60_000) });
});

describe(`a registered dispatcher without an area (${usingPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("is a dispatcher with no area, as registration made it", () => {
    expect(newcomer).toMatchObject({ role: "dispatcher", dispatchArea: null });
  });

  it("is refused 403 no_area by every scan route, even naming an area, and nothing is written", async () => {
    const before = await countAll(db());
    const calls: [string, (req: Request, ctx: typeof NO_SEGMENTS) => Promise<Response>, string, unknown][] = [
      ["parent", parentRoute, "/api/scan/parent", { qr: "SB00002" }],
      ["parent with area", parentRoute, "/api/scan/parent", { qr: "SB00002", area: "lucknow" }],
      ["existing parent", parentRoute, "/api/scan/parent", { qr: "SB00001" }],
      ["child", childRoute, "/api/scan/child", { parentQr: "SB00001", qr: "1000002" }],
      ["undo", undoRoute, "/api/scan/undo", { parentQr: "SB00001" }],
      ["remove", removeRoute, "/api/scan/remove", { parentQr: "SB00001", childQr: "1000001" }],
      ["finish", finishRoute, "/api/scan/finish", { parentQr: "SB00001", reason: "Short lot today" }],
      ["reopen", reopenRoute, "/api/scan/reopen", { parentQr: "SB00001" }],
    ];
    for (const [label, route, path, body] of calls) {
      expect(await answer(await route(post(path, body), NO_SEGMENTS)), label).toEqual(NO_AREA);
    }
    expect(await countAll(db())).toEqual(before);
  });

  it("is refused no_area by every action of the scan station, with the same message", async () => {
    const before = await countAll(db());
    const outcomes = [
      await scanParentAction("SB00002"),
      await scanParentAction("SB00002", "lucknow"),
      await scanChildAction("SB00001", "1000002"),
      await undoLastScanAction("SB00001"),
      await removeChildAction("SB00001", "1000001"),
      await finishParentAction("SB00001", "Short lot today"),
      await reopenParentAction("SB00001"),
      await listParentChildrenAction("SB00001"),
    ];
    for (const outcome of outcomes) expect(outcome).toEqual({ ok: false, code: "no_area", message: NO_AREA_MESSAGE });
    expect(await countAll(db())).toEqual(before);
  });

  it("sees no bags of any area: empty lists, a zero count, no recent activity, no bag detail", async () => {
    const { filters } = readBagListFilters({});
    expect((await listBags(db().db, newcomer, filters)).rows).toEqual([]);
    expect(await countBags(db().db, newcomer, filters)).toMatchObject({ n: 0 });
    const { filters: lucknowOnly } = readBagListFilters({ area: "lucknow" });
    expect((await listBags(db().db, newcomer, lucknowOnly)).rows).toEqual([]);
    expect(await listRecentActivity(db().db, newcomer)).toEqual([]);
    // Refused with the reason, and nothing about the bag beyond the QR they typed (no parent, no children).
    for (const [qr, hidden] of [["SB00001", /1000001|childCount/], ["1000001", /SB00001|parent/i], ["M444-00001", /2000001|childCount/]] as const) {
      const res = await answer(await bagRoute(new Request(`${ORIGIN}/api/bag/${qr}`), { params: Promise.resolve({ qr }) }));
      expect(res.status, qr).toBe(403);
      expect((res.body.error as { message: string }).message).toMatch(/no dispatch area yet/);
      expect(JSON.stringify(res.body)).not.toMatch(hidden);
    }
  });

  it("gets zero numbers from /api/stats", async () => {
    const res = await answer(await statsRoute(new Request(`${ORIGIN}/api/stats`), NO_SEGMENTS));
    expect(res).toMatchObject({ status: 200, body: { totalBags: 0, parentBags: 0, childBags: 0, scansToday: 0 } });
  });

  it("sees the plain no-area page at /scan instead of the station, and the same note on /bags and /dashboard", async () => {
    const scan = renderToStaticMarkup(await ScanPage());
    expect(scan).toContain('data-testid="no-area"');
    expect(scan).toContain(NO_AREA_MESSAGE);
    expect(scan).not.toContain('data-testid="current-parent"');
    const bagsPage = renderToStaticMarkup(await BagsPage({ searchParams: Promise.resolve({}) }));
    expect(bagsPage).toContain('data-testid="no-area"');
    expect(bagsPage).toContain(NO_AREA_MESSAGE);
    expect(bagsPage).not.toMatch(/SB00001|M444-00001/);
    const dashboard = renderToStaticMarkup(await DashboardPage());
    expect(dashboard).toContain('data-testid="no-area"');
    expect(dashboard).toContain(NO_AREA_MESSAGE);
  });

  it("scans in the same session once an admin assigns an area, and sees that area's bags", async () => {
    await db().db.update(users).set({ dispatchArea: "lucknow" }).where(eq(users.id, newcomer.id));
    expect(await answer(await parentRoute(post("/api/scan/parent", { qr: "SB00003" }), NO_SEGMENTS))).toMatchObject({
      status: 200,
      body: { parent: { qr: "SB00003", created: true } },
    });
    expect(await answer(await childRoute(post("/api/scan/child", { parentQr: "SB00003", qr: "1000003" }), NO_SEGMENTS))).toMatchObject({
      status: 200,
      body: { result: "linked", childCount: 1 },
    });
    expect(await scanChildAction("SB00001", "1000004")).toMatchObject({ ok: true, result: "linked", childCount: 2 });
    expect(await answer(await undoRoute(post("/api/scan/undo", { parentQr: "SB00001" }), NO_SEGMENTS))).toMatchObject({
      status: 200,
      body: { undone: { childQr: "1000004" } },
    });
    const [made] = await db().db.select({ area: bags.dispatchArea, createdBy: bags.createdBy }).from(bags).where(eq(bags.qr, "SB00003"));
    expect(made).toEqual({ area: "lucknow", createdBy: newcomer.id });
    // Still never another area's.
    const elsewhere = await childRoute(post("/api/scan/child", { parentQr: "M444-00001", qr: "1000005" }), NO_SEGMENTS);
    expect([403, 404]).toContain(elsewhere.status);

    const { filters } = readBagListFilters({});
    const seen = (await listBags(db().db, { ...newcomer, dispatchArea: "lucknow" }, filters)).rows.map((r) => r.qr).sort();
    expect(seen).toEqual(["1000001", "1000003", "1000004", "SB00001", "SB00003"]);
    const station = renderToStaticMarkup(await ScanPage());
    expect(station).not.toContain('data-testid="no-area"');
    expect(station).toContain('data-testid="current-parent"');
  });
});
