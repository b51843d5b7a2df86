import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as bagsRoute } from "@/app/api/returns/[code]/bags/route";
import { POST as cancelRoute } from "@/app/api/returns/[code]/cancel/route";
import { POST as finalizeRoute } from "@/app/api/returns/[code]/finalize/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/returns/[code]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/returns/route";
import type { SessionUser } from "@/lib/server/auth/session";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { labelMaker, makeBillRoles, truncateBillData, type BillTestUser } from "../support/bill-factories";
import { routeSessionOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill } from "../support/pass-factories";

delete process.env.REDIS_URL;

// Only who is signed in is replaced; the real guards, routes and database decide (as passes-routes).
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(4);
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
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test checks the shape with toMatchObject
async function answer(res: Response): Promise<{ status: number; body: any }> {
  return { status: res.status, body: await res.json() };
}
const at = (code: string) => params({ code });

beforeAll(async () => {
  ({ biller, admin, dispatcher } = await makeBillRoles(db()));
  gate = await makeUser(db().db, "gate");
  setStatsStore(createMemoryStatsStore());
});
beforeEach(async () => {
  await truncateBillData(db());
  await db().rows(sql`truncate table return_tickets, return_ticket_days, bill_return_events restart identity cascade`);
  signIn(biller);
});

describe("the /api/returns routes", () => {
  it("create 201 {ticket}, scan {result, bill, ticket}, get {ticket, bags}, patch, finalize {ticket}", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 6 });
    const created = await answer(await createRoute(request("POST", "/api/returns", { area: "jaipur", notes: "Dealer A" }), NO_SEGMENTS));
    expect(created).toMatchObject({ status: 201, body: { ticket: { code: expect.stringMatching(/^RTN-\d{8}-0001$/), status: "open", bagsCount: 0, area: "jaipur" } } });
    const code: string = created.body.ticket.code;

    const scanned = await answer(await bagsRoute(request("POST", `/api/returns/${code}/bags`, { qr: bill.parentQrs[0] }), at(code)));
    expect(scanned).toEqual({
      status: 200,
      body: expect.objectContaining({
        result: "returned",
        bill: expect.objectContaining({ billNumber: bill.billNumber, linkedCount: 1, status: "completed" }),
        ticket: expect.objectContaining({ bagsCount: 1, weightKg: 6 }),
      }),
    });
    expect(await answer(await bagsRoute(request("POST", `/api/returns/${code}/bags`, { qr: bill.parentQrs[0] }), at(code)))).toMatchObject({
      status: 409,
      body: { error: { code: "duplicate" } },
    });
    expect(await answer(await bagsRoute(request("POST", `/api/returns/${code}/bags`, { qr: "0000001" }), at(code)))).toMatchObject({ status: 409, body: { error: { code: "wrong_type" } } });
    expect(await answer(await bagsRoute(request("POST", `/api/returns/${code}/bags`, { qr: "SB99999" }), at(code)))).toMatchObject({ status: 404, body: { error: { code: "bag_not_found" } } });
    expect(await answer(await bagsRoute(request("POST", `/api/returns/${code}/bags`, { qr: "??" }), at(code)))).toMatchObject({ status: 400, body: { error: { code: "invalid_qr" } } });
    expect(await answer(await bagsRoute(request("POST", `/api/returns/${code}/bags`, { code, qr: "SB99999" }), at(code)))).toMatchObject({
      status: 400,
      body: { error: { fields: { code: expect.any(Array) } } },
    });

    const got = await answer(await getRoute(request("GET", `/api/returns/${code}`), at(code)));
    expect(got).toMatchObject({ status: 200, body: { ticket: { code, bagsCount: 1, weightKg: 6 }, bags: [{ qr: bill.parentQrs[0], billNumber: bill.billNumber, state: "held" }] } });
    expect(await answer(await patchRoute(request("PATCH", `/api/returns/${code}`, { notes: "Dealer B" }), at(code)))).toMatchObject({ status: 200, body: { ticket: { notes: "Dealer B" } } });
    expect(await answer(await patchRoute(request("PATCH", `/api/returns/${code}`, { area: "moon" }), at(code)))).toMatchObject({ status: 400, body: { error: { fields: { area: expect.any(Array) } } } });

    const list = await answer(await listRoute(request("GET", "/api/returns?status=open"), NO_SEGMENTS));
    expect(list).toMatchObject({ status: 200, body: { tickets: [{ code }], nextCursor: null } });

    expect(await answer(await finalizeRoute(request("POST", `/api/returns/${code}/finalize`), at(code)))).toMatchObject({ status: 200, body: { ticket: { code, status: "finalized" } } });
    expect(await answer(await cancelRoute(request("POST", `/api/returns/${code}/cancel`, {}), at(code)))).toMatchObject({ status: 409, body: { error: { code: "ticket_closed" } } });
    expect(await answer(await bagsRoute(request("POST", `/api/returns/${code}/bags`, { qr: bill.parentQrs[1] }), at(code)))).toMatchObject({ status: 409, body: { error: { code: "ticket_closed" } } });
  });

  it("cancel {ticket} restores; empty finalize 409 empty_ticket; 404 for unknown or malformed codes", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 1, children: 3 });
    const { body } = await answer(await createRoute(request("POST", "/api/returns", { area: "hisar" }), NO_SEGMENTS));
    const code: string = body.ticket.code;
    expect(await answer(await finalizeRoute(request("POST", `/api/returns/${code}/finalize`, {}), at(code)))).toMatchObject({ status: 409, body: { error: { code: "empty_ticket" } } });
    await bagsRoute(request("POST", `/api/returns/${code}/bags`, { qr: bill.parentQrs[0] }), at(code));
    expect(await answer(await cancelRoute(request("POST", `/api/returns/${code}/cancel`), at(code)))).toMatchObject({ status: 200, body: { ticket: { code, status: "cancelled" } } });
    const [row] = await db().rows<{ linked_count: number }>(sql`select linked_count from bills`);
    expect(row?.linked_count).toBe(1);
    for (const bad of ["RTN-20000101-0001", "nope", "RTN-2000", "rtn-20000101-0001"]) {
      expect(await answer(await getRoute(request("GET", `/api/returns/${bad}`), at(bad)))).toMatchObject({ status: 404, body: { error: { code: "ticket_not_found" } } });
    }
    expect((await getRoute(request("GET", "/api/returns/x"), at("RTN-\u0000"))).status).toBe(400);
    expect(await answer(await createRoute(request("POST", "/api/returns", "{bad json"), NO_SEGMENTS))).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
  });

  it("answers 401 signed out and 403 to dispatchers and the gate; admins may", async () => {
    signIn(null);
    expect((await listRoute(request("GET", "/api/returns"), NO_SEGMENTS)).status).toBe(401);
    expect((await createRoute(request("POST", "/api/returns", { area: "jaipur" }), NO_SEGMENTS)).status).toBe(401);
    for (const user of [dispatcher, gate]) {
      signIn(user);
      expect((await listRoute(request("GET", "/api/returns"), NO_SEGMENTS)).status).toBe(403);
      expect((await createRoute(request("POST", "/api/returns", { area: "jaipur" }), NO_SEGMENTS)).status).toBe(403);
      expect((await bagsRoute(request("POST", "/api/returns/RTN-20000101-0001/bags", { qr: "SB12345" }), at("RTN-20000101-0001"))).status).toBe(403);
      expect((await finalizeRoute(request("POST", "/api/returns/RTN-20000101-0001/finalize", {}), at("RTN-20000101-0001"))).status).toBe(403);
      expect((await cancelRoute(request("POST", "/api/returns/RTN-20000101-0001/cancel", {}), at("RTN-20000101-0001"))).status).toBe(403);
      expect((await getRoute(request("GET", "/api/returns/RTN-20000101-0001"), at("RTN-20000101-0001"))).status).toBe(403);
      expect((await patchRoute(request("PATCH", "/api/returns/RTN-20000101-0001", { notes: "x" }), at("RTN-20000101-0001"))).status).toBe(403);
    }
    const [tickets] = await db().rows<{ n: number }>(sql`select count(*)::int as n from return_tickets`);
    expect(tickets?.n).toBe(0);
    signIn(admin);
    expect(await answer(await createRoute(request("POST", "/api/returns", { area: "jaipur" }), NO_SEGMENTS))).toMatchObject({ status: 201, body: { ticket: { createdBy: admin.username } } });
  });
});
