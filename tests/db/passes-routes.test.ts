import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as csvRoute } from "@/app/(app)/passes/csv/route";
import { GET as getPassRoute } from "@/app/api/passes/[code]/route";
import { POST as revokeRoute } from "@/app/api/passes/[code]/revoke/route";
import { GET as listRoute, POST as issueRoute } from "@/app/api/passes/route";
import { DELETE as deleteBillRoute } from "@/app/api/bills/[billNumber]/route";
import { GET as statsRoute } from "@/app/api/stats/route";
import type { SessionUser } from "@/lib/server/auth/session";
import { passListCsv, PASS_CSV_BATCH, passCsvFilename } from "@/lib/server/passes/csv";
import { PassFilters } from "@/lib/schemas/passes";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { labelMaker, makeBillRoles, truncateBillData, type BillTestUser } from "../support/bill-factories";
import { routeSessionOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill, makePass } from "../support/pass-factories";

delete process.env.REDIS_URL;

// Only who is signed in is replaced; the real guards, routes and database decide (as bills-routes).
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(7);
const ORIGIN = "http://localhost";

let biller: BillTestUser;
let admin: BillTestUser;
let dispatcher: BillTestUser;
let gate: BillTestUser;

function signIn(user: BillTestUser | null) {
  session.user = user && routeSessionOf(user);
}

function request(method: string, path: string, body?: unknown) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });
const NO_SEGMENTS = params({});
/** The JSON answers of these routes, loosely: each test checks the shape with toMatchObject. */
interface Answer {
  pass: { code: string; payload?: string };
  passes: Record<string, unknown>[];
  error: { code: string; message: string; fields?: Record<string, string[]> };
}
async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as Answer };
}
const PASS_INPUT = { driverName: "Ramesh Kumar", driverPhone: "9829012345", vehicleNumber: "RJ 14 GB 1234" };

beforeAll(async () => {
  ({ biller, admin, dispatcher } = await makeBillRoles(db()));
  gate = await makeUser(db().db, "gate");
  setStatsStore(createMemoryStatsStore());
});
beforeEach(async () => {
  await truncateBillData(db());
  await db().rows(sql`truncate table gate_pass_days`);
  signIn(biller);
});

describe("POST /api/passes", () => {
  it("answers 201 {pass} with status active, the payload and the window; then 409 pass_exists", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels });
    const res = await answer(await issueRoute(request("POST", "/api/passes", { billNumber: bill.billNumber, ...PASS_INPUT }), NO_SEGMENTS));
    expect(res.status).toBe(201);
    expect(res.body.pass).toMatchObject({
      code: expect.stringMatching(/^GP-\d{8}-0001$/),
      billNumber: bill.billNumber,
      status: "active",
      payload: expect.stringMatching(/^TTGP1\.GP-\d{8}-0001\.[A-Za-z0-9_-]{43}$/),
      validFrom: expect.any(String),
      validUntil: expect.any(String),
      vehicleNumber: "RJ14GB1234",
      bill: { linkedCount: 1 },
    });
    const again = await answer(await issueRoute(request("POST", "/api/passes", { billNumber: bill.billNumber, ...PASS_INPUT }), NO_SEGMENTS));
    expect(again).toEqual({ status: 409, body: { error: { code: "pass_exists", message: expect.stringContaining(res.body.pass.code) } } });
  });

  it("answers 400 naming the field, 409 bill_not_completed, 404 bill_not_found, and refuses the gate and dispatchers", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels });
    const phone = await answer(await issueRoute(request("POST", "/api/passes", { billNumber: bill.billNumber, ...PASS_INPUT, driverPhone: "+1 555 0100" }), NO_SEGMENTS));
    expect(phone).toMatchObject({ status: 400, body: { error: { code: "invalid_input", fields: { driverPhone: [expect.stringMatching(/10-digit/)] } } } });
    const window = await answer(
      await issueRoute(request("POST", "/api/passes", { billNumber: bill.billNumber, ...PASS_INPUT, validFrom: "2030-01-01T10:00", validUntil: "2030-01-01T09:00" }), NO_SEGMENTS),
    );
    expect(window).toMatchObject({ status: 400, body: { error: { fields: { validUntil: expect.any(Array) } } } });
    expect(await answer(await issueRoute(request("POST", "/api/passes", "{bad json"), NO_SEGMENTS))).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await answer(await issueRoute(request("POST", "/api/passes", { billNumber: "NOPE-1", ...PASS_INPUT }), NO_SEGMENTS))).toMatchObject({ status: 404, body: { error: { code: "bill_not_found" } } });
    signIn(gate);
    expect((await issueRoute(request("POST", "/api/passes", { billNumber: bill.billNumber, ...PASS_INPUT }), NO_SEGMENTS)).status).toBe(403);
    signIn(dispatcher);
    expect((await issueRoute(request("POST", "/api/passes", { billNumber: bill.billNumber, ...PASS_INPUT }), NO_SEGMENTS)).status).toBe(403);
    const [row] = await db().rows<{ n: number }>(sql`select count(*)::int as n from gate_passes`);
    expect(row?.n).toBe(0);
  });
});

describe("GET /api/passes, GET /api/passes/[code], POST …/revoke", () => {
  it("lists and shows passes (the gate too, without payloads), 404 pass_not_found, revokes", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    const list = await answer(await listRoute(request("GET", "/api/passes?q=rj14&status=active"), NO_SEGMENTS));
    expect(list).toMatchObject({ status: 200, body: { passes: [{ code: pass.code }], nextCursor: null } });
    expect(list.body.passes[0]).not.toHaveProperty("payload");
    expect(await answer(await getPassRoute(request("GET", `/api/passes/${pass.code}`), params({ code: pass.code })))).toMatchObject({
      status: 200,
      body: { pass: { code: pass.code, payload: pass.payload } },
    });
    signIn(gate);
    const seen = await answer(await getPassRoute(request("GET", `/api/passes/${pass.code}`), params({ code: pass.code })));
    expect(seen.status).toBe(200);
    expect(seen.body.pass).not.toHaveProperty("payload");
    expect((await listRoute(request("GET", "/api/passes"), NO_SEGMENTS)).status).toBe(200);
    expect((await revokeRoute(request("POST", `/api/passes/${pass.code}/revoke`, { reason: "Gate says no" }), params({ code: pass.code }))).status).toBe(403);
    expect(await answer(await getPassRoute(request("GET", "/api/passes/GP-20000101-0001"), params({ code: "GP-20000101-0001" })))).toEqual({
      status: 404,
      body: { error: { code: "pass_not_found", message: expect.any(String) } },
    });
    signIn(dispatcher);
    expect((await listRoute(request("GET", "/api/passes"), NO_SEGMENTS)).status).toBe(403);

    signIn(admin);
    expect(await answer(await revokeRoute(request("POST", `/api/passes/${pass.code}/revoke`, { reason: "x" }), params({ code: pass.code })))).toMatchObject({
      status: 400,
      body: { error: { fields: { reason: expect.any(Array) } } },
    });
    expect(await answer(await revokeRoute(request("POST", `/api/passes/${pass.code}/revoke`, { code: "GP-1", reason: "Wrong truck" }), params({ code: pass.code })))).toMatchObject({
      status: 400,
      body: { error: { fields: { code: expect.any(Array) } } },
    });
    const revoked = await answer(await revokeRoute(request("POST", `/api/passes/${pass.code}/revoke`, { reason: "Wrong truck" }), params({ code: pass.code })));
    expect(revoked).toMatchObject({ status: 200, body: { pass: { code: pass.code, status: "revoked", revokeReason: "Wrong truck" } } });
    expect(await answer(await revokeRoute(request("POST", `/api/passes/${pass.code}/revoke`, { reason: "Wrong truck" }), params({ code: pass.code })))).toMatchObject({
      status: 409,
      body: { error: { code: "pass_revoked" } },
    });
  });

  it("refuses to delete a bill with a pass: 409 bill_has_pass", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    signIn(admin);
    const seg = encodeURIComponent(pass.billNumber);
    expect(await answer(await deleteBillRoute(request("DELETE", `/api/bills/${seg}`), params({ billNumber: seg })))).toMatchObject({
      status: 409,
      body: { error: { code: "bill_has_pass", message: expect.stringContaining(pass.code) } },
    });
  });

  it("adds passes {active, usedToday} to /api/stats for billers and admins, null for dispatchers", async () => {
    await makePass(db().db, { issuer: biller, labels });
    await new Promise((r) => setTimeout(r, 2_100)); // past the stats' 2 s copy
    expect(await answer(await statsRoute(request("GET", "/api/stats"), NO_SEGMENTS))).toMatchObject({ status: 200, body: { passes: { active: 1, usedToday: 0 } } });
    signIn(dispatcher);
    expect(await answer(await statsRoute(request("GET", "/api/stats"), NO_SEGMENTS))).toMatchObject({ status: 200, body: { passes: null, bills: null } });
  });
});

describe("the pass list as CSV", () => {
  it("streams the filtered list with a BOM, a header and disarmed formulas, named by its dates", async () => {
    const evil = await makePass(db().db, { issuer: biller, labels, driverName: "=HYPERLINK(\"http://x\")", notes: "+1 extra" });
    const other = await makePass(db().db, { issuer: biller, labels, vehicleNumber: "MH12AB1234" });
    const res = await csvRoute(request("GET", "/passes/csv?q=rj14"), NO_SEGMENTS);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="tracetrack-passes-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Response.text() would drop the BOM (the WHATWG decoder does): read the bytes.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]?.startsWith("\uFEFFPass code,Status,Bill number")).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(evil.code);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[1]).toContain("'+1 extra");
    expect(text).not.toContain(other.code);
    expect(text).not.toContain("TTGP1.");
    expect(passCsvFilename({ from: "2026-11-01", to: "2026-11-30" })).toBe("tracetrack-passes-2026-11-01-to-2026-11-30.csv");

    signIn(dispatcher);
    expect((await csvRoute(request("GET", "/passes/csv"), NO_SEGMENTS)).status).toBe(403);
    signIn(gate);
    expect((await csvRoute(request("GET", "/passes/csv"), NO_SEGMENTS)).status).toBe(403);
    signIn(biller);
    expect(await answer(await csvRoute(request("GET", `/passes/csv?q=${"x".repeat(200)}`), NO_SEGMENTS))).toMatchObject({ status: 400, body: { error: { fields: { q: expect.any(Array) } } } });
  });

  it("reads in keyset batches: every pass once, newest first, past a batch boundary", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    // Superseded passes of the same bill (stored expired: the one-active index allows many), same second.
    const extra = PASS_CSV_BATCH + 20;
    await db().rows(sql`insert into gate_passes (code, bill_id, driver_name, driver_phone, vehicle_number, valid_from, valid_until, state, created_at)
      select 'GP-20261120-' || lpad(g::text, 4, '0'), p.bill_id, 'Driver ' || g, '9829012345', 'RJ14GB1234', now() - interval '2 hours', now() - interval '1 hour', 'expired', timestamptz '2026-11-20 10:00:00+05:30'
      from generate_series(1, ${extra}) g, (select bill_id from gate_passes limit 1) p`);
    const lines: string[] = [];
    for await (const chunk of passListCsv(db().db, PassFilters.parse({}))) lines.push(...chunk.split("\r\n").filter(Boolean));
    const codes = lines.slice(1).map((l) => l.split(",")[0]);
    expect(codes).toHaveLength(extra + 1);
    expect(new Set(codes).size).toBe(extra + 1);
    expect(codes[0]).toBe(pass.code);
    // Same created_at: id decides, descending.
    expect(codes[1]).toBe(`GP-20261120-${String(extra).padStart(4, "0")}`);
    expect(codes.at(-1)).toBe("GP-20261120-0001");
    const expiredOnly: string[] = [];
    for await (const chunk of passListCsv(db().db, PassFilters.parse({ status: "expired", to: "2026-11-20" }))) expiredOnly.push(...chunk.split("\r\n").filter(Boolean));
    expect(expiredOnly).toHaveLength(extra + 1);
  });
});
