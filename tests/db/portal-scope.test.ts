import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as billRoute } from "@/app/api/portal/bills/[billNumber]/route";
import { GET as listRoute } from "@/app/api/portal/bills/route";
import { GET as optionsRoute } from "@/app/api/portal/options/route";
import type { PortalBillPage } from "@/lib/dto/portal";
import type { SessionUser } from "@/lib/server/auth/session";
import { PORTAL_BILL_NOT_FOUND, readPortalBill } from "@/lib/server/portal/detail";
import { listPortalBills } from "@/lib/server/portal/list";
import { portalFilterOptions } from "@/lib/server/portal/options";
import type { Actor } from "@/lib/server/service";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { billRefusal, labelMaker } from "../support/bill-factories";
import { routeSessionOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { AGRO, asCtx, BHARAT, CHETAK, makeCustomerBill, makePortalWorld, type PortalWorld } from "./portal-fixtures";

delete process.env.REDIS_URL;

// Only who is signed in is replaced; the real guards, routes, views and database decide.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));
const signIn = (actor: Actor) => (session.user = routeSessionOf(actor));

const db = setupTestDb();
let w: PortalWorld;

beforeAll(async () => {
  setStatsStore(createMemoryStatsStore());
  w = await makePortalWorld(db(), labelMaker(5));
});

const ORIGIN = "http://localhost";
const get = (path: string) => new Request(`${ORIGIN}${path}`, { method: "GET" });
const NO_SEGMENTS = { params: Promise.resolve({}) };
async function answer<T>(res: Response) {
  return { status: res.status, body: (await res.json()) as T & { error: { code: string; message: string; fields?: Record<string, string[]> } } };
}
async function billNumbersOf(actor: Actor, query: Record<string, unknown> = {}) {
  const page = await listPortalBills(asCtx(db().db, actor), { limit: "100", ...query });
  expect(page.total).toBe(page.rows.length);
  return page.rows.map((r) => r.billNumber).sort();
}
const sorted = (...lists: (string[] | undefined)[]) => lists.flatMap((l) => l ?? []).sort();

describe("portal scope", () => {
  it("shows each customer account only the bills of its own customers", async () => {
    expect(await billNumbersOf(w.agro)).toEqual(sorted(w.bills[AGRO]));
    expect(await billNumbersOf(w.bharatChetak)).toEqual(sorted(w.bills[BHARAT], w.bills[CHETAK]));
    // Searching or filtering never reaches past the scope: another customer's bill number finds nothing.
    const other = w.bills[BHARAT]?.[0] ?? "";
    expect(await billNumbersOf(w.agro, { q: other })).toEqual([]);
    expect(await billNumbersOf(w.agro, { q: "bharat" })).toEqual([]);
  });

  it("shows an all-customers account and an admin every bill; an admin's view-as shows that account's", async () => {
    const all = sorted(w.bills[AGRO], w.bills[BHARAT], w.bills[CHETAK]);
    expect(await billNumbersOf(w.everyone)).toEqual(all);
    expect(await billNumbersOf(w.admin)).toEqual(all);
    expect(await billNumbersOf(w.admin, { as: w.bharatChetak.id })).toEqual(sorted(w.bills[BHARAT], w.bills[CHETAK]));
  });

  it("keeps a bill with no customer (the company's own) to admins: an all-customers account never sees it", async () => {
    const own = await makeCustomerBill(db().db, w.biller, labelMaker(6), {});
    try {
      expect((await listPortalBills(asCtx(db().db, w.admin), { q: own })).rows.map((r) => r.billNumber)).toEqual([own]);
      expect((await listPortalBills(asCtx(db().db, w.everyone), { q: own })).total).toBe(0);
      expect(await billRefusal(readPortalBill(asCtx(db().db, w.everyone), { billNumber: own }))).toMatchObject({ status: 404 });
    } finally {
      await db().db.execute(sql`delete from bills where bill_number = ${own}`);
    }
  });

  it("refuses a customer's view-as of another account (403) and a view-as of a staff user (404)", async () => {
    expect(await billRefusal(listPortalBills(asCtx(db().db, w.agro), { as: w.bharatChetak.id }))).toMatchObject({ status: 403 });
    expect(await billRefusal(listPortalBills(asCtx(db().db, w.admin), { as: w.biller.id }))).toMatchObject({ status: 404 });
    expect(await billRefusal(listPortalBills(asCtx(db().db, w.biller), {}))).toMatchObject({ status: 403 });
  });

  it("filters by a customer in scope, and answers 400 alike for one outside it and one that does not exist", async () => {
    expect(await billNumbersOf(w.bharatChetak, { customer: w.codes[CHETAK] })).toEqual(sorted(w.bills[CHETAK]));
    expect(await billNumbersOf(w.admin, { customer: w.codes[AGRO]?.toLowerCase() })).toEqual(sorted(w.bills[AGRO]));
    const outside = await billRefusal(listPortalBills(asCtx(db().db, w.agro), { customer: w.codes[BHARAT] }));
    const unknown = await billRefusal(listPortalBills(asCtx(db().db, w.agro), { customer: "C9999" }));
    expect(outside).toMatchObject({ status: 400, code: "customer_out_of_scope", fields: { customer: expect.any(Array) } });
    expect(unknown.code).toBe(outside.code);
    expect(unknown.message.replace("C9999", "X")).toBe(outside.message.replace(w.codes[BHARAT] ?? "", "X"));
  });
});

describe("GET /api/portal/bills", () => {
  it("answers the account's page as JSON", async () => {
    signIn(w.agro);
    const res = await answer<PortalBillPage>(await listRoute(get("/api/portal/bills?sort=billNumber&dir=asc"), NO_SEGMENTS));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.rows.map((r) => r.billNumber)).toEqual(sorted(w.bills[AGRO]));
    expect(res.body.rows[0]).not.toHaveProperty("createdBy");
    expect(Object.keys(res.body.rows[0] ?? {}).sort()).toEqual(
      ["actualWeightKg", "billNumber", "childCount", "createdAt", "customerCode", "customerName", "expectedWeightKg", "gatePassAt", "parentCount", "status", "vehicleNumber"].sort(),
    );
  });

  it.each([
    ["sort=createdBy", "sort"],
    ["dir=sideways", "dir"],
    ["from=2026-02-30", "from"],
    ["to=31-03-2026", "to"],
    ["from=2026-03-02&to=2026-03-01", "from"],
    [`q=${"x".repeat(201)}`, "q"],
    ["cursor=not-a-cursor!", "cursor"],
    ["limit=30", "limit"],
    ["status=shipped", "status"],
    ["customer=Agro", "customer"],
    ["as=not-a-uuid", "as"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    signIn(w.agro);
    const res = await answer<unknown>(await listRoute(get(`/api/portal/bills?${query}`), NO_SEGMENTS));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields ?? {})).toContain(field);
  });

  it("refuses forged and foreign cursors with 'Cursor is not valid.'", async () => {
    signIn(w.admin);
    const first = await listPortalBills(asCtx(db().db, w.admin), { limit: "25", sort: "status", dir: "asc" });
    expect(first.nextCursor).toBeNull();
    const forged = [
      Buffer.from(JSON.stringify(["status", "asc", "new", -1])).toString("base64url"),
      Buffer.from(JSON.stringify(["status", "asc", 5, 1])).toString("base64url"),
      Buffer.from(JSON.stringify(["status", "asc", null, 1])).toString("base64url"),
      Buffer.from(JSON.stringify(["createdAt", "desc", "yesterday", 1])).toString("base64url"),
      Buffer.from(JSON.stringify(["billNumber", "asc", "INV", 1])).toString("base64url"), // another sort's cursor
      Buffer.from("{not json").toString("base64url"),
      "x".repeat(1001),
    ];
    for (const cursor of forged) {
      const res = await answer<unknown>(await listRoute(get(`/api/portal/bills?sort=status&dir=asc&cursor=${cursor}`), NO_SEGMENTS));
      expect(res).toMatchObject({ status: 400, body: { error: { message: "Cursor is not valid." } } });
    }
  });

  it("refuses a customer's view-as of another account with 403 and staff with 403", async () => {
    signIn(w.agro);
    expect((await listRoute(get(`/api/portal/bills?as=${w.bharatChetak.id}`), NO_SEGMENTS)).status).toBe(403);
    signIn(w.biller);
    expect((await listRoute(get("/api/portal/bills"), NO_SEGMENTS)).status).toBe(403);
  });
});

describe("GET /api/portal/bills/[billNumber]", () => {
  const params = (billNumber: string) => ({ params: Promise.resolve({ billNumber }) });

  it("shows the account's bill with its parents, in any case of the number, without staff names", async () => {
    const billNumber = w.bills[AGRO]?.[0] ?? "";
    signIn(w.agro);
    const res = await answer<{ bill: Record<string, unknown>; parents: Record<string, unknown>[] }>(
      await billRoute(get(`/api/portal/bills/${billNumber.toLowerCase()}`), params(billNumber.toLowerCase())),
    );
    expect(res.status).toBe(200);
    expect(res.body.bill).toMatchObject({ billNumber, customerName: AGRO, parentCount: 2, childCount: 37, expectedWeightKg: 45, actualWeightKg: 37 });
    expect(res.body.parents).toHaveLength(2);
    expect(res.body.parents[0]).toEqual({ qr: expect.stringMatching(/^SB/), childCount: 30, capacity: 30, status: "completed" });
    expect(JSON.stringify(res.body)).not.toMatch(/biller_|createdBy|addedBy|username/);
  });

  it("answers a guessed bill number of another customer exactly as an unknown one (404)", async () => {
    signIn(w.agro);
    const other = w.bills[BHARAT]?.[0] ?? "";
    const guessed = await answer<unknown>(await billRoute(get(`/api/portal/bills/${other}`), params(other)));
    const unknown = await answer<unknown>(await billRoute(get("/api/portal/bills/NO-SUCH-1"), params("NO-SUCH-1")));
    expect(guessed).toEqual({ status: 404, body: { error: { code: "bill_not_found", message: PORTAL_BILL_NOT_FOUND } } });
    expect(unknown).toEqual(guessed);
    // The all-customers account and an admin viewing as Bharat's account see it.
    expect((await readPortalBill(asCtx(db().db, w.everyone), { billNumber: other })).bill.billNumber).toBe(other);
    expect((await readPortalBill(asCtx(db().db, w.admin), { billNumber: other, as: w.bharatChetak.id })).bill.billNumber).toBe(other);
    expect(await billRefusal(readPortalBill(asCtx(db().db, w.admin), { billNumber: other, as: w.agro.id }))).toMatchObject({ status: 404, message: PORTAL_BILL_NOT_FOUND });
  });
});

describe("portal filter options", () => {
  it("cascades: the scope's customers with counts, statuses within the customer, days within customer + status", async () => {
    const mine = await portalFilterOptions(asCtx(db().db, w.bharatChetak), {});
    expect(mine.customers).toEqual([
      { code: w.codes[BHARAT], name: BHARAT, bills: 2 },
      { code: w.codes[CHETAK], name: CHETAK, bills: 1 },
    ]);
    const bharat = await portalFilterOptions(asCtx(db().db, w.bharatChetak), { customer: w.codes[BHARAT] });
    expect(bharat.statuses).toEqual([
      { status: "processing", bills: 1 },
      { status: "dispatched", bills: 1 },
    ]);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Kolkata" }).format(new Date());
    expect(bharat.days).toEqual({ first: today, last: today });
    const none = await portalFilterOptions(asCtx(db().db, w.bharatChetak), { customer: w.codes[CHETAK], status: "dispatched" });
    expect(none.days).toBeNull();
    const all = await portalFilterOptions(asCtx(db().db, w.admin), {});
    expect(all.customers.map((c) => c.name)).toEqual([AGRO, BHARAT, CHETAK]);
    expect(await billRefusal(portalFilterOptions(asCtx(db().db, w.agro), { customer: w.codes[BHARAT] }))).toMatchObject({ status: 400 });
  });

  it("answers GET /api/portal/options, 400 on a bad status", async () => {
    signIn(w.agro);
    const res = await answer<{ customers: unknown[] }>(await optionsRoute(get("/api/portal/options"), NO_SEGMENTS));
    expect(res.status).toBe(200);
    expect(res.body.customers).toEqual([{ code: w.codes[AGRO], name: AGRO, bills: 3 }]);
    expect((await optionsRoute(get("/api/portal/options?status=lost"), NO_SEGMENTS)).status).toBe(400);
  });
});
