import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bills } from "@/db/schema";
import { createBill, deleteBill, updateBill } from "@/lib/server/bills/mutations";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { completeBill, reopenBill } from "@/lib/server/bills/state";
import { AppError } from "@/lib/server/errors";
import { getRedis } from "@/lib/server/redis";
import {
  countTable,
  driftedBills,
  labelMaker,
  makeBill,
  makeParent,
  truncateBillData,
  type MadeParent,
} from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { truncateAll, usingPostgres, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { driftedFollows } from "../support/scan";

// Races run where they are real: PostgreSQL with a connection pool (PGlite has one connection).
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) process.env.REDIS_URL = redisUrl;
else delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(3);

type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;
let admin: User;

/** Every outcome of a batch: values, and refusals as "status code" (anything not an AppError fails the test). */
async function settle<T>(work: Promise<T>[]): Promise<{ values: T[]; refusals: string[] }> {
  const results = await Promise.allSettled(work);
  const values: T[] = [];
  const refusals: string[] = [];
  for (const r of results) {
    if (r.status === "fulfilled") values.push(r.value);
    else if (r.reason instanceof AppError) refusals.push(`${r.reason.status} ${r.reason.code}`);
    else throw r.reason;
  }
  return { values, refusals };
}

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

async function billRow(billNumber: string) {
  const [row] = await db()
    .db.select({ linkedCount: bills.linkedCount, status: bills.status, capacity: bills.capacity })
    .from(bills)
    .where(eq(bills.billNumber, billNumber));
  return row;
}

describe.skipIf(!usingPostgres)("bill races on PostgreSQL", () => {
  beforeAll(async () => {
    await truncateAll(db());
    biller = await makeUser(db().db, "biller");
    admin = await makeUser(db().db, "admin");
  });
  beforeEach(async () => truncateBillData(db()));
  afterAll(async () => {
    await getRedis()?.quit();
  });

  it("puts one parent scanned onto 20 bills at once on exactly one; the others get 409 on_other_bill", async () => {
    for (let round = 0; round < 3; round += 1) {
      const targets = [];
      for (let i = 0; i < 20; i += 1) targets.push(await makeBill(db().db, biller, labels));
      const parent = await makeParent(db().db, labels);
      const { values, refusals } = await settle(
        targets.map((b) => addParentToBill(ctxOf(db().db, biller), { billNumber: b.billNumber, qr: parent.qr })),
      );
      expect(values.map((v) => v.result)).toEqual(["added"]);
      expect(refusals).toEqual(Array(19).fill("409 on_other_bill"));
      const [onBills] = await db().rows<{ n: number }>(
        sql`select count(*)::int as n from bill_bags where bag_id = ${parent.id}`,
      );
      expect(onBills?.n).toBe(1);
    }
    const [linked] = await db().rows<{ n: number }>(sql`select sum(linked_count)::int as n from bills`);
    expect(linked?.n).toBe(3);
    expect(await driftedBills(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("counts 40 parents added to one bill at once (each scanned twice) exactly", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 500 });
    const parents: MadeParent[] = [];
    for (let i = 0; i < 40; i += 1) parents.push(await makeParent(db().db, labels, { children: i % 31 }));
    const { values, refusals } = await settle(
      shuffle([...parents, ...parents]).map((p) => addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: p.qr })),
    );
    expect(refusals).toEqual([]);
    expect(values.filter((v) => v.result === "added")).toHaveLength(40);
    expect(values.filter((v) => v.result === "duplicate")).toHaveLength(40);
    expect(await billRow(bill.billNumber)).toMatchObject({ linkedCount: 40, status: "processing" });
    expect(await countTable(db(), "bill_bags")).toBe(40);
    expect(await driftedBills(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
    // Adds ran one at a time under the bill lock: each saw a different count, 1 to 40.
    const counts = values.filter((v) => v.result === "added").map((v) => v.linkedCount);
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("never overfills a bill: 30 parents at once onto a bill of capacity 10 → 10 added, 20 bill_full", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 10 });
    const parents: MadeParent[] = [];
    for (let i = 0; i < 30; i += 1) parents.push(await makeParent(db().db, labels, { children: 1 }));
    const { values, refusals } = await settle(parents.map((p) => addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: p.qr })));
    expect(values).toHaveLength(10);
    expect(refusals).toEqual(Array(20).fill("409 bill_full"));
    expect(await billRow(bill.billNumber)).toMatchObject({ linkedCount: 10, capacity: 10 });
    expect(await countTable(db(), "bill_bags")).toBe(10);
  });

  it("keeps linked_count, rows and status consistent under parallel add, remove, edit, complete and reopen", async () => {
    const allowed = new Set([
      "409 bill_full",
      "409 bill_completed",
      "409 below_capacity",
      "409 below_linked",
      "409 not_completed",
      "404 not_on_bill",
    ]);
    for (let round = 0; round < 4; round += 1) {
      const bill = await makeBill(db().db, biller, labels, { capacity: 8 });
      const onBill: MadeParent[] = [];
      for (let i = 0; i < 6; i += 1) {
        const p = await makeParent(db().db, labels, { children: 10 + i });
        await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: p.qr });
        onBill.push(p);
      }
      const fresh: MadeParent[] = [];
      for (let i = 0; i < 8; i += 1) fresh.push(await makeParent(db().db, labels, { kind: i % 2 ? "M444" : "SB", children: 5 }));
      const n = bill.billNumber;
      const ops: (() => Promise<unknown>)[] = [
        ...fresh.map((p) => () => addParentToBill(ctxOf(db().db, biller), { billNumber: n, qr: p.qr })),
        ...onBill.slice(0, 4).map((p) => () => removeParentFromBill(ctxOf(db().db, biller), { billNumber: n, qr: p.qr })),
        ...Array.from({ length: 4 }, () => () => completeBill(ctxOf(db().db, biller), { billNumber: n })),
        ...Array.from({ length: 3 }, () => () => reopenBill(ctxOf(db().db, admin), { billNumber: n })),
        () => updateBill(ctxOf(db().db, biller), { billNumber: n, capacity: 6 }),
        () => updateBill(ctxOf(db().db, biller), { billNumber: n, capacity: 10 }),
        () => addParentToBill(ctxOf(db().db, biller), { billNumber: n, qr: (onBill[5] ?? fresh[0])?.qr ?? "" }),
      ];
      const { refusals } = await settle(shuffle(ops).map((op) => op()));
      for (const r of refusals) expect(allowed).toContain(r);
      expect(await driftedBills(db())).toEqual([]);
      expect(await driftedFollows(db())).toEqual([]);
      const row = await billRow(n);
      const [rows] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bill_bags bb join bills b on b.id = bb.bill_id where b.bill_number = ${n}`);
      expect(row?.linkedCount).toBe(rows?.n);
      expect(row?.linkedCount).toBeLessThanOrEqual(row?.capacity ?? 0);
    }
  });

  it("creates a bill number sent 20 times at once, in any case, exactly once", async () => {
    const { values, refusals } = await settle(
      Array.from({ length: 20 }, (_, i) =>
        createBill(ctxOf(db().db, biller), { billNumber: i % 2 ? "RACE-BILL-1" : "race-bill-1", capacity: 3 }),
      ),
    );
    expect(values).toHaveLength(1);
    expect(refusals).toEqual(Array(19).fill("409 duplicate_bill"));
    expect(await countTable(db(), "bills")).toBe(1);
  });

  it("deletes a bill while parents are being added: nothing dangles and no 500", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 50 });
    const parents: MadeParent[] = [];
    for (let i = 0; i < 20; i += 1) parents.push(await makeParent(db().db, labels));
    const ops: (() => Promise<unknown>)[] = [
      ...parents.map((p) => () => addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: p.qr })),
      () => deleteBill(ctxOf(db().db, admin), { billNumber: bill.billNumber }),
    ];
    const { refusals } = await settle(shuffle(ops).map((op) => op()));
    for (const r of refusals) expect(r).toBe("404 bill_not_found");
    expect(await countTable(db(), "bills")).toBe(0);
    expect(await countTable(db(), "bill_bags")).toBe(0);
    // Every parent is free for another bill.
    const next = await makeBill(db().db, biller, labels, { capacity: 20 });
    const { values } = await settle(parents.map((p) => addParentToBill(ctxOf(db().db, biller), { billNumber: next.billNumber, qr: p.qr })));
    expect(values.filter((v) => v.result === "added")).toHaveLength(20);
  });
});
