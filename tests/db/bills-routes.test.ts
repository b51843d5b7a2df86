import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getBillRoute, DELETE as deleteBillRoute, PATCH as patchBill } from "@/app/api/bills/[billNumber]/route";
import { POST as postComplete } from "@/app/api/bills/[billNumber]/complete/route";
import { DELETE as deleteParent } from "@/app/api/bills/[billNumber]/parents/[qr]/route";
import { POST as postParent } from "@/app/api/bills/[billNumber]/parents/route";
import { POST as postReopen } from "@/app/api/bills/[billNumber]/reopen/route";
import { GET as listBillsRoute, POST as postBill } from "@/app/api/bills/route";
import type { SessionUser } from "@/lib/server/auth/session";
import { countTable, labelMaker, makeParent, truncateBillData } from "../support/bill-factories";
import { routeSessionOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

delete process.env.REDIS_URL;

// Only who is signed in is replaced (getCurrentUser reads the session cookie, which needs a Next
// request); the real guards and permission matrix decide. The database is real.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(4);
const ORIGIN = "http://localhost";

type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;
let admin: User;
let dispatcher: User;

function signIn(user: User | null) {
  session.user = user && routeSessionOf(user);
}

function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });
const NO_SEGMENTS = params({});

async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function create(billNumber: string, capacity: number, extra: Record<string, unknown> = {}) {
  return answer(await postBill(request("POST", "/api/bills", { billNumber, capacity, ...extra }), NO_SEGMENTS));
}
async function scan(billNumber: string, qr: unknown) {
  const seg = encodeURIComponent(billNumber);
  return answer(await postParent(request("POST", `/api/bills/${seg}/parents`, { qr }), params({ billNumber: seg })));
}

beforeAll(async () => {
  await truncateAll(db());
  biller = await makeUser(db().db, "biller");
  admin = await makeUser(db().db, "admin");
  dispatcher = await makeUser(db().db, "dispatcher");
});
beforeEach(async () => {
  await truncateBillData(db());
  signIn(biller);
});

describe("POST /api/bills", () => {
  it("creates a bill (201 {bill}) and refuses the same number in another case (409 duplicate_bill)", async () => {
    const created = await create("GST/24-25/0042", 3, { customer: "Agro Traders", vehicleNumber: "MH12 AB 1234" });
    expect(created).toEqual({
      status: 201,
      body: {
        bill: {
          billNumber: "GST/24-25/0042",
          capacity: 3,
          status: "new",
          description: null,
          customer: "Agro Traders",
          vehicleNumber: "MH12 AB 1234",
          linkedCount: 0,
          childCount: 0,
          createdAt: expect.any(String),
          createdBy: biller.username,
          completedAt: null,
          actualWeightKg: 0,
          expectedWeightKg: 0,
          varianceKg: 0,
        },
      },
    });
    expect(await create("gst/24-25/0042", 1)).toEqual({
      status: 409,
      body: { error: { code: "duplicate_bill", message: expect.stringContaining("already exists") } },
    });
  });

  it.each([
    ["capacity 0", { billNumber: "B-1", capacity: 0 }, "capacity"],
    ["capacity 501", { billNumber: "B-1", capacity: 501 }, "capacity"],
    ["capacity abc", { billNumber: "B-1", capacity: "abc" }, "capacity"],
    ["capacity -1", { billNumber: "B-1", capacity: -1 }, "capacity"],
    ["capacity 1.5", { billNumber: "B-1", capacity: 1.5 }, "capacity"],
    ["capacity true", { billNumber: "B-1", capacity: true }, "capacity"],
    ["capacity null", { billNumber: "B-1", capacity: null }, "capacity"],
    ["no capacity", { billNumber: "B-1" }, "capacity"],
    ["a 10 kB bill number", { billNumber: "B".repeat(10_240), capacity: 1 }, "billNumber"],
    ["control characters", { billNumber: "B-\u0000\u001b1", capacity: 1 }, "billNumber"],
    ["a numeric bill number", { billNumber: 12345, capacity: 1 }, "billNumber"],
    ["an array bill number", { billNumber: ["B-1"], capacity: 1 }, "billNumber"],
    ["a customer object", { billNumber: "B-1", capacity: 1, customer: { name: "x" } }, "customer"],
    ["an unknown key", { billNumber: "B-1", capacity: 1, destination: "Delhi" }, "input"],
    ["a JSON array", [{ billNumber: "B-1", capacity: 1 }], "input"],
    ["a JSON string", "\"B-1\"", "input"],
    ["JSON null", "null", "input"],
  ])("answers 400 with a field error for %s, writing nothing", async (_name, body, field) => {
    const before = { bills: await countTable(db(), "bills"), audit: await countTable(db(), "audit_log") };
    const res = await answer(await postBill(request("POST", "/api/bills", body), NO_SEGMENTS));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_input", message: expect.any(String), fields: { [field]: expect.any(Array) } } });
    expect({ bills: await countTable(db(), "bills"), audit: await countTable(db(), "audit_log") }).toEqual(before);
  });

  it("refuses malformed JSON, a non-JSON body and a cross-site origin", async () => {
    expect(await answer(await postBill(request("POST", "/api/bills", "{billNumber:"), NO_SEGMENTS))).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    const form = new Request(`${ORIGIN}/api/bills`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "billNumber=B-1&capacity=1" });
    expect((await postBill(form, NO_SEGMENTS)).status).toBe(415);
    const crossSite = request("POST", "/api/bills", { billNumber: "B-1", capacity: 1 }, { origin: "https://evil.example" });
    expect(await answer(await postBill(crossSite, NO_SEGMENTS))).toMatchObject({ status: 403, body: { error: { code: "bad_origin" } } });
    expect(await countTable(db(), "bills")).toBe(0);
  });
});

describe("bill routes", () => {
  it("adds parents and answers with counts and weights; duplicates, conflicts and bad QRs get their codes", async () => {
    await create("INV/9", 2);
    await create("INV-10", 2);
    const full = await makeParent(db().db, labels);
    const partial = await makeParent(db().db, labels, { kind: "M444", children: 4 });

    expect(await scan("INV/9", full.qr)).toEqual({
      status: 200,
      body: {
        result: "added",
        billNumber: "INV/9",
        status: "processing",
        linkedCount: 1,
        capacity: 2,
        childCount: 30,
        actualWeightKg: 30,
        expectedWeightKg: 30,
        varianceKg: 0,
        parent: { qr: full.qr, type: "SB", childCount: 30, capacity: 30, partial: false },
      },
    });
    expect(await scan("inv/9", full.qr.toLowerCase())).toMatchObject({ status: 200, body: { result: "duplicate", linkedCount: 1 } });
    expect(await scan("INV-10", full.qr)).toMatchObject({ status: 409, body: { error: { code: "on_other_bill", message: expect.stringContaining("INV/9") } } });
    expect(await scan("INV/9", "0016557")).toMatchObject({ status: 409, body: { error: { code: "wrong_type" } } });
    expect(await scan("INV/9", "SB12")).toMatchObject({ status: 400, body: { error: { code: "invalid_qr" } } });
    expect(await scan("INV/9", "SB14444")).toMatchObject({ status: 404, body: { error: { code: "parent_not_found" } } });
    expect(await scan("INV/9", 12345)).toMatchObject({ status: 400, body: { error: { code: "invalid_input", fields: { qr: ["qr must be a string."] } } } });
    expect(await scan("NO-SUCH", full.qr)).toMatchObject({ status: 404, body: { error: { code: "bill_not_found" } } });
    expect(await scan("INV/9", partial.qr)).toMatchObject({
      status: 200,
      body: { result: "added", linkedCount: 2, actualWeightKg: 34, expectedWeightKg: 45, parent: { type: "M444", partial: true } },
    });
    const extra = await makeParent(db().db, labels);
    expect(await scan("INV/9", extra.qr)).toMatchObject({ status: 409, body: { error: { code: "bill_full" } } });
  });

  it("reads a bill by its URL-encoded, case- and space-insensitive number, and 404s an unknown one", async () => {
    await create("GST/24-25/1", 2);
    const p = await makeParent(db().db, labels, { children: 7 });
    await scan("GST/24-25/1", p.qr);
    const seg = encodeURIComponent(" gst/24-25/1 ");
    const res = await answer(await getBillRoute(request("GET", `/api/bills/${seg}`), params({ billNumber: seg })));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      bill: { billNumber: "GST/24-25/1", linkedCount: 1, actualWeightKg: 7, expectedWeightKg: 30, varianceKg: -23 },
      parents: [{ qr: p.qr, type: "SB", childCount: 7, capacity: 30, partial: true, addedAt: expect.any(String), addedBy: biller.username }],
    });
    // Next may hand over the segment already decoded: the same answer.
    expect((await getBillRoute(request("GET", "/api/bills/x"), params({ billNumber: "GST/24-25/1" }))).status).toBe(200);
    expect(await answer(await getBillRoute(request("GET", "/api/bills/NOPE"), params({ billNumber: "NOPE" })))).toMatchObject({
      status: 404,
      body: { error: { code: "bill_not_found" } },
    });
    expect((await getBillRoute(request("GET", "/api/bills/%E0%A4%A"), params({ billNumber: "%E0%A4%A" }))).status).toBe(404);
  });

  it("removes a parent, completes, refuses changes while completed, and reopens", async () => {
    await create("LOAD-1", 1);
    const p = await makeParent(db().db, labels, { children: 20 });
    const q = await makeParent(db().db, labels);
    const bill = params({ billNumber: "LOAD-1" });
    expect(await answer(await postComplete(request("POST", "/api/bills/LOAD-1/complete", {}), bill))).toMatchObject({
      status: 409,
      body: { error: { code: "below_capacity", message: expect.stringContaining("no parent bags") } },
    });
    await scan("LOAD-1", p.qr);
    expect(await answer(await postComplete(request("POST", "/api/bills/LOAD-1/complete", {}), bill))).toEqual({
      status: 200,
      body: { billNumber: "LOAD-1", status: "completed", linkedCount: 1, capacity: 1, childCount: 20, actualWeightKg: 20, expectedWeightKg: 30, varianceKg: -10 },
    });
    expect(await scan("LOAD-1", q.qr)).toMatchObject({ status: 409, body: { error: { code: "bill_completed" } } });
    const removeWhileDone = await deleteParent(request("DELETE", `/api/bills/LOAD-1/parents/${p.qr}`), params({ billNumber: "LOAD-1", qr: p.qr }));
    expect(removeWhileDone.status).toBe(409);
    expect(await answer(await postReopen(request("POST", "/api/bills/LOAD-1/reopen", {}), bill))).toMatchObject({ status: 200, body: { status: "processing" } });
    expect(await answer(await postReopen(request("POST", "/api/bills/LOAD-1/reopen", {}), bill))).toMatchObject({ status: 409, body: { error: { code: "not_completed" } } });

    const removed = await answer(await deleteParent(request("DELETE", `/api/bills/LOAD-1/parents/${p.qr.toLowerCase()}`), params({ billNumber: "load-1", qr: p.qr.toLowerCase() })));
    expect(removed).toEqual({
      status: 200,
      body: { result: "removed", parentQr: p.qr, billNumber: "LOAD-1", status: "new", linkedCount: 0, capacity: 1, childCount: 0, actualWeightKg: 0, expectedWeightKg: 0, varianceKg: 0 },
    });
    expect(await answer(await deleteParent(request("DELETE", "/x"), params({ billNumber: "LOAD-1", qr: p.qr })))).toMatchObject({
      status: 404,
      body: { error: { code: "not_on_bill" } },
    });
    // complete/reopen take `{}` as JSON like every POST; other bodies are refused.
    expect((await postComplete(request("POST", "/api/bills/LOAD-1/complete", { force: true }), bill)).status).toBe(400);
    expect((await postComplete(request("POST", "/api/bills/LOAD-1/complete", {}, { "content-type": "text/plain" }), bill)).status).toBe(415);
  });

  it("completes and reopens with an empty JSON body as with {}, and still refuses garbage and other routes' empty bodies", async () => {
    await create("EMPTY-1", 1);
    await scan("EMPTY-1", (await makeParent(db().db, labels, { children: 3 })).qr);
    const bill = params({ billNumber: "EMPTY-1" });
    const empty = (path: string) => request("POST", path, "");
    expect(await answer(await postComplete(empty("/api/bills/EMPTY-1/complete"), bill))).toMatchObject({ status: 200, body: { status: "completed" } });
    expect(await answer(await postReopen(empty("/api/bills/EMPTY-1/reopen"), bill))).toMatchObject({ status: 200, body: { status: "processing" } });
    expect(await answer(await postComplete(request("POST", "/api/bills/EMPTY-1/complete", " \n"), bill))).toMatchObject({ status: 200, body: { status: "completed" } });
    // A body without the JSON content type is still refused (the CSRF rule), as is a non-empty bad one.
    const plain = new Request(`${ORIGIN}/api/bills/EMPTY-1/reopen`, { method: "POST", headers: { "content-type": "text/plain" } });
    expect((await postReopen(plain, bill)).status).toBe(415);
    expect(await answer(await postReopen(request("POST", "/api/bills/EMPTY-1/reopen", "{"), bill))).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await answer(await postReopen(request("POST", "/api/bills/EMPTY-1/reopen", "null"), bill))).toMatchObject({ status: 400 });
    const huge = request("POST", "/api/bills/EMPTY-1/reopen", `{"pad":"${"x".repeat(70 * 1024)}"}`);
    expect(await answer(await postReopen(huge, bill))).toMatchObject({ status: 413, body: { error: { code: "payload_too_large" } } });
    // A route whose body carries what it needs keeps refusing an empty one.
    expect(await answer(await postBill(empty("/api/bills"), NO_SEGMENTS))).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await answer(await postParent(empty("/api/bills/EMPTY-1/parents"), bill))).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
  });

  it("names an unknown bill in its 404s", async () => {
    const seg = encodeURIComponent(" inv 404 ");
    expect(await answer(await getBillRoute(request("GET", `/api/bills/${seg}`), params({ billNumber: seg })))).toEqual({
      status: 404,
      body: { error: { code: "bill_not_found", message: 'No bill "inv 404" was found.' } },
    });
    expect(await answer(await postComplete(request("POST", "/api/bills/B-1/complete", ""), params({ billNumber: "B-1" })))).toEqual({
      status: 404,
      body: { error: { code: "bill_not_found", message: 'No bill "B-1" was found.' } },
    });
  });

  it("edits a bill with PATCH, keeping capacity at or above the linked count", async () => {
    await create("EDIT-1", 5);
    for (let i = 0; i < 2; i += 1) await scan("EDIT-1", (await makeParent(db().db, labels)).qr);
    const bill = params({ billNumber: "EDIT-1" });
    expect(await answer(await patchBill(request("PATCH", "/api/bills/EDIT-1", { capacity: 2, customer: "Dealer 7" }), bill))).toMatchObject({
      status: 200,
      body: { bill: { capacity: 2, customer: "Dealer 7", linkedCount: 2 } },
    });
    expect(await answer(await patchBill(request("PATCH", "/api/bills/EDIT-1", { capacity: 1 }), bill))).toMatchObject({
      status: 409,
      body: { error: { code: "below_linked" } },
    });
    for (const capacity of [0, 501, "abc", -1, 1.5]) {
      expect(await answer(await patchBill(request("PATCH", "/api/bills/EDIT-1", { capacity }), bill))).toMatchObject({
        status: 400,
        body: { error: { fields: { capacity: expect.any(Array) } } },
      });
    }
    expect((await patchBill(request("PATCH", "/api/bills/EDIT-1", { billNumber: "RENAMED" }), bill)).status).toBe(400);
  });

  it("lists bills with filters and a keyset cursor", async () => {
    for (const n of ["LIST-1", "LIST-2", "LIST-3", "OTHER-1"]) await create(n, 1);
    const first = await answer(await listBillsRoute(request("GET", "/api/bills?q=list&limit=2"), NO_SEGMENTS));
    expect(first.status).toBe(200);
    expect((first.body.bills as { billNumber: string }[]).map((b) => b.billNumber)).toEqual(["LIST-3", "LIST-2"]);
    const cursor = String(first.body.nextCursor);
    const second = await answer(await listBillsRoute(request("GET", `/api/bills?q=list&limit=2&after=${encodeURIComponent(cursor)}`), NO_SEGMENTS));
    expect(second.body).toMatchObject({ bills: [{ billNumber: "LIST-1" }], nextCursor: null });
  });

  it("lets only an admin delete a bill, releasing its parents", async () => {
    await create("DEL-1", 2);
    const p = await makeParent(db().db, labels);
    await scan("DEL-1", p.qr);
    const bill = params({ billNumber: "DEL-1" });
    expect(await answer(await deleteBillRoute(request("DELETE", "/api/bills/DEL-1"), bill))).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    signIn(admin);
    expect(await answer(await deleteBillRoute(request("DELETE", "/api/bills/DEL-1"), bill))).toEqual({
      status: 200,
      body: { deleted: { billNumber: "DEL-1", releasedParents: 1 } },
    });
    expect(await answer(await deleteBillRoute(request("DELETE", "/api/bills/DEL-1"), bill))).toMatchObject({ status: 404 });
    await create("DEL-2", 1);
    expect(await scan("DEL-2", p.qr)).toMatchObject({ status: 200, body: { result: "added" } });
  });
});

describe("who may call the bill routes", () => {
  const calls: [string, () => Promise<Response>][] = [
    ["GET /api/bills", () => listBillsRoute(request("GET", "/api/bills"), NO_SEGMENTS)],
    ["POST /api/bills", () => postBill(request("POST", "/api/bills", { billNumber: "X-1", capacity: 1 }), NO_SEGMENTS)],
    ["GET /api/bills/B-1", () => getBillRoute(request("GET", "/api/bills/B-1"), params({ billNumber: "B-1" }))],
    ["PATCH /api/bills/B-1", () => patchBill(request("PATCH", "/api/bills/B-1", { capacity: 3 }), params({ billNumber: "B-1" }))],
    ["DELETE /api/bills/B-1", () => deleteBillRoute(request("DELETE", "/api/bills/B-1"), params({ billNumber: "B-1" }))],
    ["POST /api/bills/B-1/parents", () => postParent(request("POST", "/api/bills/B-1/parents", { qr: "SB40001" }), params({ billNumber: "B-1" }))],
    ["DELETE /api/bills/B-1/parents/SB40001", () => deleteParent(request("DELETE", "/x"), params({ billNumber: "B-1", qr: "SB40001" }))],
    ["POST /api/bills/B-1/complete", () => postComplete(request("POST", "/x", {}), params({ billNumber: "B-1" }))],
    ["POST /api/bills/B-1/reopen", () => postReopen(request("POST", "/x", {}), params({ billNumber: "B-1" }))],
  ];

  it.each(calls)("%s answers 403 to a dispatcher and 401 to nobody, changing nothing", async (_name, call) => {
    signIn(biller);
    await create("B-1", 1);
    const before = { bills: await countTable(db(), "bills"), audit: await countTable(db(), "audit_log") };
    signIn(dispatcher);
    expect(await answer(await call())).toEqual({ status: 403, body: { error: { code: "forbidden", message: expect.any(String) } } });
    signIn(null);
    expect(await answer(await call())).toMatchObject({ status: 401, body: { error: { code: "unauthenticated" } } });
    expect({ bills: await countTable(db(), "bills"), audit: await countTable(db(), "audit_log") }).toEqual(before);
  });
});
