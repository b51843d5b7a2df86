import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { PORTAL_COLUMNS, type PortalBillRow, type PortalColumn } from "@/lib/dto/portal";
import { listPortalBills } from "@/lib/server/portal/list";
import { cursorBatches } from "@/lib/server/portal/cursor-read";
import type { Actor } from "@/lib/server/service";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { istDay } from "@/lib/time";
import { labelMaker } from "../support/bill-factories";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { asCtx, makeCustomerAccount, makeCustomerBill } from "./portal-fixtures";

delete process.env.REDIS_URL;

// The grid over many ties: every sort walks the whole set in pages with nothing repeated or lost.
const db = setupTestDb();
const labels = labelMaker(6);
const CUSTOMERS = ["Zeta Agro", "Alpha Feeds", "Mid Traders"];
let admin: Actor;
let account: Actor;
let made: string[];

beforeAll(async () => {
  setStatsStore(createMemoryStatsStore());
  admin = await makeUser(db().db, "admin");
  const biller = await makeUser(db().db, "biller");
  made = [];
  for (let i = 0; i < 57; i += 1) {
    made.push(
      await makeCustomerBill(db().db, biller, labels, {
        // Every 7th bill has no customer and every 3rd no vehicle: nulls sort last either way.
        ...(i % 7 === 0 ? {} : { customer: CUSTOMERS[i % 3] }),
        ...(i % 3 === 0 ? {} : { vehicleNumber: `RJ14GB${String(i % 4).padStart(4, "0")}` }),
        parents: i % 5 === 0 ? [{ kind: i % 2 ? "SB" : "M444", children: i % 4 }] : [],
      }),
    );
  }
  account = await makeCustomerAccount(db().db, { customers: ["Zeta Agro", "Mid Traders"] });
});

async function walk(actor: Actor, query: Record<string, string>) {
  const rows: PortalBillRow[] = [];
  let cursor: string | undefined;
  let total = -1;
  for (let page = 0; page < 50; page += 1) {
    const res = await listPortalBills(asCtx(db().db, actor), { ...query, limit: "25", ...(cursor ? { cursor } : {}) });
    expect(res.rows.length).toBeLessThanOrEqual(25);
    total = res.total;
    rows.push(...res.rows);
    if (!res.nextCursor) break;
    expect(res.rows).toHaveLength(25);
    cursor = res.nextCursor;
  }
  return { rows, total };
}

const valueOf = (r: PortalBillRow, c: PortalColumn): string | number | null => (c === "customer" ? r.customerName : r[c]);

describe("portal grid pagination", () => {
  it.each(PORTAL_COLUMNS.flatMap((c) => [[c, "asc"] as const, [c, "desc"] as const]))("walks sort %s %s with no duplicate or missing row", async (sort, dir) => {
    const { rows, total } = await walk(admin, { sort, dir });
    expect(total).toBe(made.length);
    const numbers = rows.map((r) => r.billNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...numbers].sort()).toEqual([...made].sort());
    // The same order as one page of 100 (the tie-break is the database's, the same on every page).
    const whole = await listPortalBills(asCtx(db().db, admin), { sort, dir, limit: "100" });
    expect(whole.rows.map((r) => r.billNumber)).toEqual(numbers);
    expect(whole.nextCursor).toBeNull();
    // Nulls last in both directions; the rest in the asked direction.
    const values = rows.map((r) => valueOf(r, sort));
    const firstNull = values.indexOf(null);
    if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
    const present = values.filter((v) => v !== null);
    const numeric = present.every((v) => typeof v === "number");
    for (let i = 1; i < present.length; i += 1) {
      const [a, b] = [present[i - 1], present[i]] as [string | number, string | number];
      if (numeric || sort === "createdAt" || sort === "gatePassAt") expect(dir === "asc" ? a <= b : a >= b).toBe(true);
    }
  });

  it("walks a filtered, searched set of a customer account within its scope", async () => {
    const { rows, total } = await walk(account, { sort: "status", dir: "asc", q: "rj14" });
    const expected = await db().rows<{ bill_number: string }>(
      sql`select b.bill_number from bills b join customers c on c.id = b.customer_id
           where c.name in ('Zeta Agro', 'Mid Traders') and b.vehicle_number ilike '%rj14%'`,
    );
    expect(total).toBe(expected.length);
    expect(rows.map((r) => r.billNumber).sort()).toEqual(expected.map((r) => r.bill_number).sort());
    expect(rows.every((r) => r.customerName === "Zeta Agro" || r.customerName === "Mid Traders")).toBe(true);
  });
});

describe("portal grid search", () => {
  const search = async (q: string) => (await listPortalBills(asCtx(db().db, admin), { q, limit: "100" })).rows;

  it("matches any shown column, in any case: number, customer name and code, status, vehicle, numbers, the IST date", async () => {
    expect((await search(made[40]?.toLowerCase() ?? "")).map((r) => r.billNumber)).toEqual([made[40]]);
    expect((await search("alpha")).every((r) => r.customerName === "Alpha Feeds")).toBe(true);
    const [code] = await db().rows<{ code: string }>(sql`select code from customers where name = 'Mid Traders'`);
    expect((await search(code?.code.toLowerCase() ?? "")).every((r) => r.customerName === "Mid Traders")).toBe(true);
    expect((await search("PROCESS")).every((r) => r.status === "processing")).toBe(true);
    expect((await search("gb0003")).every((r) => r.vehicleNumber === "RJ14GB0003")).toBe(true);
    // 15 kg expected: the M444 bills' weight (numbers as their text).
    const fifteen = await search("15");
    expect(fifteen.some((r) => r.expectedWeightKg === 15)).toBe(true);
    expect(fifteen.every((r) => [r.billNumber, String(r.expectedWeightKg), String(r.parentCount), String(r.childCount), String(r.actualWeightKg), r.vehicleNumber ?? "", r.customerCode ?? ""].some((t) => t.includes("15")))).toBe(true);
    const today = istDay(new Date());
    expect(await search(today)).toHaveLength(made.length);
  });

  it("treats LIKE wildcards as text", async () => {
    expect(await search("%")).toEqual([]);
    expect(await search("_")).toEqual([]);
    expect(await search("RJ14GB000_")).toEqual([]);
    expect(await search("\\")).toEqual([]);
  });

  it("filters by IST days (from/to inclusive)", async () => {
    const today = istDay(new Date());
    expect((await listPortalBills(asCtx(db().db, admin), { from: today, to: today, limit: "100" })).total).toBe(made.length);
    expect((await listPortalBills(asCtx(db().db, admin), { to: "2000-01-01", limit: "100" })).total).toBe(0);
    expect((await listPortalBills(asCtx(db().db, admin), { from: "2999-01-01", limit: "100" })).total).toBe(0);
  });
});

describe("cursorBatches", () => {
  it("reads a query in batches from one cursor, and a consumer that stops early ends the transaction", async () => {
    const query = sql`select pb.bill_number from portal_bills as pb order by pb.id`;
    const all: string[] = [];
    for await (const batch of cursorBatches<{ bill_number: string }>(db().db, query, 10)) {
      expect(batch.length).toBeLessThanOrEqual(10);
      all.push(...batch.map((r) => r.bill_number));
    }
    expect(all).toEqual(made);
    let seen = 0;
    for await (const batch of cursorBatches<{ bill_number: string }>(db().db, query, 10)) {
      seen += batch.length;
      if (seen >= 20) break;
    }
    expect(seen).toBe(20);
    // The connection is free again (on PGlite, a transaction left open would hang this).
    const [row] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bills`);
    expect(row?.n).toBe(made.length);
  });

  it("rolls back when the consumer stalls (a client that neither reads nor leaves holds no connection)", async () => {
    const batches = cursorBatches<{ bill_number: string }>(db().db, sql`select pb.bill_number from portal_bills as pb order by pb.id`, 10, 50);
    expect((await batches.next()).value).toHaveLength(10);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The connection is free while the consumer is away (PGlite would hang here otherwise).
    const [row] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bills`);
    expect(row?.n).toBe(made.length);
    await expect(batches.next()).rejects.toThrow(/no request for the next rows/);
  });

  it("surfaces a failing query to the consumer", async () => {
    const read = async () => {
      for await (const batch of cursorBatches(db().db, sql`select 1 / (pb.parent_count - pb.parent_count) from portal_bills as pb`, 10)) void batch;
    };
    await expect(read()).rejects.toThrow();
    const [row] = await db().rows<{ n: number }>(sql`select 1::int as n`);
    expect(row?.n).toBe(1);
  });
});
