import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { bills } from "@/db/schema";
import { BILL_SCAN_WINDOW_S, billScanKey, claimBillScan, type DedupeRedis } from "@/lib/server/bills/dedupe";
import { addParentToBill } from "@/lib/server/bills/parents";
import { getRedis } from "@/lib/server/redis";
import { billRefusal, countTable, labelMaker, makeBill, makeParent, truncateBillData } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { truncateAll, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// The absorber uses the suite's real Redis when there is one, else the in-process window.
// (getEnv reads REDIS_URL once, lazily, so setting it before the first call is enough.)
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) process.env.REDIS_URL = redisUrl;
else delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(2);

type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;

beforeAll(async () => {
  await truncateAll(db());
  biller = await makeUser(db().db, "biller");
});
beforeEach(async () => truncateBillData(db()));
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await getRedis()?.quit();
});

async function billIdOf(billNumber: string): Promise<number> {
  const [row] = await db().db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, billNumber));
  if (!row) throw new Error(`no bill ${billNumber}`);
  return row.id;
}

/** Forgets a claim as if the window had passed: the key in Redis, or the clock for the in-process map. */
async function passWindow(billId: number, qr: string) {
  const redis = getRedis();
  if (redis) {
    await redis.del(billScanKey(billId, qr));
    return;
  }
  const now = Date.now();
  vi.spyOn(Date, "now").mockReturnValue(now + BILL_SCAN_WINDOW_S * 1000 + 1);
}

describe(`bill scan absorber (${redisUrl ? "Redis" : "in-process"})`, () => {
  it("absorbs a second scan of the same parent on the same bill within 3 s without a transaction", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 3 });
    const parent = await makeParent(db().db, labels, { children: 25 });
    const transactions = vi.spyOn(db().db, "transaction");

    const first = await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parent.qr });
    expect(first).toMatchObject({ result: "added", linkedCount: 1 });
    expect(transactions).toHaveBeenCalledTimes(1);

    const second = await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber.toLowerCase(), qr: ` ${parent.qr.toLowerCase()} ` });
    expect(second).toEqual({ ...first, result: "duplicate" });
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(await countTable(db(), "bill_bags")).toBe(1);
  });

  it.skipIf(!redisUrl)("holds the Redis key for 3 seconds", async () => {
    const redis = getRedis();
    expect(redis).not.toBeNull();
    if (!redis) return;
    const bill = await makeBill(db().db, biller, labels);
    const parent = await makeParent(db().db, labels);
    await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parent.qr });
    const ttl = await redis.pttl(billScanKey(await billIdOf(bill.billNumber), parent.qr));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3000);
  });

  it("still answers duplicate after the window, decided by the database under the lock", async () => {
    const bill = await makeBill(db().db, biller, labels);
    const parent = await makeParent(db().db, labels);
    await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parent.qr });
    await passWindow(await billIdOf(bill.billNumber), parent.qr);
    const transactions = vi.spyOn(db().db, "transaction");
    expect(await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parent.qr })).toMatchObject({ result: "duplicate", linkedCount: 1 });
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(await countTable(db(), "bill_bags")).toBe(1);
  });

  it("never answers duplicate for a scan that was refused: the repeat is refused again", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 1 });
    await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: (await makeParent(db().db, labels)).qr });
    const extra = await makeParent(db().db, labels);
    expect(await billRefusal(addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: extra.qr }))).toMatchObject({ code: "bill_full" });
    expect(await billRefusal(addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: extra.qr }))).toMatchObject({ code: "bill_full" });
  });

  it("keys by bill and parent: the same parent on another bill, or another parent, is not absorbed", async () => {
    const a = await makeBill(db().db, biller, labels);
    const b = await makeBill(db().db, biller, labels);
    const p1 = await makeParent(db().db, labels);
    const p2 = await makeParent(db().db, labels);
    await addParentToBill(ctxOf(db().db, biller), { billNumber: a.billNumber, qr: p1.qr });
    expect(await billRefusal(addParentToBill(ctxOf(db().db, biller), { billNumber: b.billNumber, qr: p1.qr }))).toMatchObject({ code: "on_other_bill" });
    expect((await addParentToBill(ctxOf(db().db, biller), { billNumber: a.billNumber, qr: p2.qr })).result).toBe("added");
  });
});

describe("claimBillScan without Redis", () => {
  it("claims once per window and again after it", async () => {
    const t = 1_000_000;
    expect(await claimBillScan(900_001, "SB20001", null, t)).toBe(true);
    expect(await claimBillScan(900_001, "SB20001", null, t + 2999)).toBe(false);
    expect(await claimBillScan(900_002, "SB20001", null, t + 1)).toBe(true);
    expect(await claimBillScan(900_001, "SB20001", null, t + 3000)).toBe(true);
  });

  it("stays bounded: the oldest claims give way first", async () => {
    const t = 2_000_000;
    for (let i = 0; i < 5001; i += 1) await claimBillScan(910_000 + i, "SB20002", null, t);
    expect(await claimBillScan(910_000, "SB20002", null, t + 1)).toBe(true);
    expect(await claimBillScan(915_000, "SB20002", null, t + 1)).toBe(false);
  });

  it("falls back to the in-process window when Redis errors, and skips Redis while it reconnects", async () => {
    const failing = { status: "ready", set: vi.fn().mockRejectedValue(new Error("READONLY")) };
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const t = 3_000_000;
    expect(await claimBillScan(920_001, "SB20003", failing as unknown as DedupeRedis, t)).toBe(true);
    expect(await claimBillScan(920_001, "SB20003", failing as unknown as DedupeRedis, t + 10)).toBe(false);
    expect(failing.set).toHaveBeenCalledTimes(2);

    const down = { status: "reconnecting", set: vi.fn() };
    expect(await claimBillScan(920_002, "SB20003", down as unknown as DedupeRedis, t)).toBe(true);
    expect(await claimBillScan(920_002, "SB20003", down as unknown as DedupeRedis, t + 10)).toBe(false);
    expect(down.set).not.toHaveBeenCalled();
  });
});
