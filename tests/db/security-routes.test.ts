import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DELETE as deleteBillRoute, PATCH as patchBill } from "@/app/api/bills/[billNumber]/route";
import { DELETE as deleteParent } from "@/app/api/bills/[billNumber]/parents/[qr]/route";
import { POST as postParent } from "@/app/api/bills/[billNumber]/parents/route";
import { POST as postBill } from "@/app/api/bills/route";
import { GET as listUsersRoute } from "@/app/api/users/route";
import type { SessionUser } from "@/lib/server/auth/session";
import { countTable, labelMaker, makeBillRoles, makeParent, truncateBillData, type BillTestUser } from "../support/bill-factories";
import { routeSessionOf } from "../support/context";
import { setupTestDb } from "../support/db";

delete process.env.REDIS_URL;
delete process.env.TRUST_PROXY;

// The edges of the JSON routes (issue 12, item 11): every mutation, DELETE included, passes the
// Origin rule; a client's X-Forwarded-Host does not vouch for its origin without TRUST_PROXY; and
// no JSON answer, refusals included, may be cached. Only the signed-in user is replaced.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(9);
const SITE = "http://localhost";
const EVIL = "https://evil.example";

let roles: { biller: BillTestUser; admin: BillTestUser; dispatcher: BillTestUser };

function signIn(user: BillTestUser | null) {
  session.user = user && routeSessionOf(user);
}

function request(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  return new Request(`${SITE}${path}`, {
    method,
    headers: { host: "localhost", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });
async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as unknown, cache: res.headers.get("cache-control") };
}

/** A bill with one parent on it, made through the routes from this site. */
async function billWithParent(billNumber: string) {
  signIn(roles.biller);
  expect((await postBill(request("POST", "/api/bills", { origin: SITE }, { billNumber, capacity: 2 }), params({}))).status).toBe(201);
  const parent = await makeParent(db().db, labels);
  const added = await postParent(request("POST", `/api/bills/${billNumber}/parents`, { origin: SITE }, { qr: parent.qr }), params({ billNumber }));
  expect(added.status).toBe(200);
  return parent;
}

beforeAll(async () => {
  roles = await makeBillRoles(db());
});
beforeEach(async () => {
  await truncateBillData(db());
});

describe("DELETE routes and the Origin rule", () => {
  it("refuses to take a parent off a bill for another site's page, changing nothing", async () => {
    const parent = await billWithParent("ORIGIN-1");
    const before = { links: await countTable(db(), "bill_bags"), audit: await countTable(db(), "audit_log") };
    const forged = await deleteParent(request("DELETE", `/api/bills/ORIGIN-1/parents/${parent.qr}`, { origin: EVIL }), params({ billNumber: "ORIGIN-1", qr: parent.qr }));
    expect(await answer(forged)).toEqual({
      status: 403,
      body: { error: { code: "bad_origin", message: "Cross-site requests are not allowed." } },
      cache: "no-store",
    });
    expect({ links: await countTable(db(), "bill_bags"), audit: await countTable(db(), "audit_log") }).toEqual(before);

    const own = await deleteParent(request("DELETE", `/api/bills/ORIGIN-1/parents/${parent.qr}`, { origin: SITE }), params({ billNumber: "ORIGIN-1", qr: parent.qr }));
    expect(await answer(own)).toMatchObject({ status: 200, body: { result: "removed", linkedCount: 0 } });
  });

  it("refuses to delete a bill for another site's page, even an admin's, and the bill stays", async () => {
    await billWithParent("ORIGIN-2");
    signIn(roles.admin);
    const forged = await deleteBillRoute(request("DELETE", "/api/bills/ORIGIN-2", { origin: EVIL }), params({ billNumber: "ORIGIN-2" }));
    expect(await answer(forged)).toMatchObject({ status: 403, body: { error: { code: "bad_origin" } }, cache: "no-store" });
    expect(await countTable(db(), "bills")).toBe(1);
    // A client that is not a browser sends no Origin (scanners, scripts): the same rule as POST.
    const script = await deleteBillRoute(request("DELETE", "/api/bills/ORIGIN-2"), params({ billNumber: "ORIGIN-2" }));
    expect(await answer(script)).toMatchObject({ status: 200, body: { deleted: { billNumber: "ORIGIN-2", releasedParents: 1 } } });
  });
});

describe("X-Forwarded-Host without TRUST_PROXY", () => {
  it("does not make another site's origin ours: PATCH and DELETE are refused", async () => {
    const parent = await billWithParent("FWD-1");
    const forged = { origin: EVIL, "x-forwarded-host": "evil.example" };
    const patch = await patchBill(request("PATCH", "/api/bills/FWD-1", forged, { capacity: 5 }), params({ billNumber: "FWD-1" }));
    expect(await answer(patch)).toMatchObject({ status: 403, body: { error: { code: "bad_origin" } } });
    const remove = await deleteParent(request("DELETE", `/api/bills/FWD-1/parents/${parent.qr}`, forged), params({ billNumber: "FWD-1", qr: parent.qr }));
    expect(await answer(remove)).toMatchObject({ status: 403, body: { error: { code: "bad_origin" } } });
    expect(await countTable(db(), "bill_bags")).toBe(1);
  });
});

describe("GET /api/users", () => {
  it("is never cached: not the list, nor a refusal", async () => {
    signIn(roles.admin);
    const list = await answer(await listUsersRoute(request("GET", "/api/users"), params({})));
    expect(list).toMatchObject({ status: 200, cache: "no-store" });
    signIn(roles.biller);
    expect(await answer(await listUsersRoute(request("GET", "/api/users"), params({})))).toMatchObject({ status: 403, cache: "no-store" });
    signIn(null);
    expect(await answer(await listUsersRoute(request("GET", "/api/users"), params({})))).toMatchObject({ status: 401, cache: "no-store" });
  });
});
