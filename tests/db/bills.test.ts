import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bags } from "@/db/schema";
import { createBill, deleteBill, updateBill } from "@/lib/server/bills/mutations";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import { getBill } from "@/lib/server/bills/detail";
import {
  billRefusal,
  countTable,
  labelMaker,
  makeBill,
  makeParent,
  must,
  truncateBillData,
  type MadeParent,
  auditRowsOf,
  makeBillRoles,
  type BillTestUser,
} from "../support/bill-factories";
import { ctxOf, TEST_META } from "../support/context";
import { setupTestDb } from "../support/db";

// No REDIS_URL here: the in-process absorber; bills-dedupe.test.ts covers Redis.
delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(1);

type User = BillTestUser;
let biller: User;
let admin: User;
let dispatcher: User;

beforeAll(async () => {
  ({ biller, admin, dispatcher } = await makeBillRoles(db()));
});
beforeEach(async () => truncateBillData(db()));

const auditOf = (action: string) => auditRowsOf(db().db, action);

async function add(billNumber: string, qr: string, actor: User = biller) {
  return addParentToBill(ctxOf(db().db, actor), { billNumber, qr });
}

describe("createBill", () => {
  it("creates an empty bill with a normalized number, status new and zero weights, and audits it", async () => {
    const bill = await createBill(ctxOf(db().db, biller), {
      billNumber: "  inv\u200b-2024 / 7 ",
      capacity: "12",
      customer: " Agro Traders ",
      vehicleNumber: "MH 12 AB 1234",
      description: "",
    });
    expect(bill).toMatchObject({
      billNumber: "inv-2024 / 7",
      capacity: 12,
      status: "new",
      linkedCount: 0,
      childCount: 0,
      customer: "Agro Traders",
      vehicleNumber: "MH 12 AB 1234",
      description: null,
      createdBy: biller.username,
      completedAt: null,
      actualWeightKg: 0,
      expectedWeightKg: 0,
      varianceKg: 0,
    });
    expect(bill.createdAt).toBeInstanceOf(Date);
    const [entry] = await auditOf("bill_created");
    expect(entry).toMatchObject({
      userId: biller.id,
      actor: biller.username,
      before: null,
      after: { billNumber: "inv-2024 / 7", capacity: 12, status: "new", customer: "Agro Traders" },
      ip: TEST_META.ip,
      requestId: TEST_META.requestId,
    });
  });

  it("refuses a bill number that exists in another case with 409 duplicate_bill", async () => {
    await createBill(ctxOf(db().db, biller), { billNumber: "INV-7", capacity: 3 });
    const refusal = await billRefusal(createBill(ctxOf(db().db, admin), { billNumber: " inv-7 ", capacity: 3 }));
    expect(refusal).toMatchObject({ status: 409, code: "duplicate_bill" });
    expect(refusal.message).toContain("inv-7");
    expect(await countTable(db(), "bills")).toBe(1);
    expect(await auditOf("bill_created")).toHaveLength(1);
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    for (const input of [
      { billNumber: "B-1", capacity: 0 },
      { billNumber: "B-1", capacity: 501 },
      { billNumber: "B-1", capacity: "abc" },
      { billNumber: "B-1", capacity: -1 },
      { billNumber: "B-1", capacity: 1.5 },
      { billNumber: "B\u0000-1", capacity: 1 },
      { billNumber: "x".repeat(10_000), capacity: 1 },
      { billNumber: "B-1", capacity: 1, customer: "c".repeat(121) },
    ]) {
      const auditBefore = await countTable(db(), "audit_log");
      const refusal = await billRefusal(createBill(ctxOf(db().db, biller), input));
      expect(refusal).toMatchObject({ status: 400, code: "invalid_input" });
      expect(Object.keys(refusal.fields ?? {})).toHaveLength(1);
      expect(await countTable(db(), "audit_log")).toBe(auditBefore);
    }
    expect(await countTable(db(), "bills")).toBe(0);
  });

  it("refuses a dispatcher with 403 before looking at the input", async () => {
    expect(await billRefusal(createBill(ctxOf(db().db, dispatcher), { billNumber: "B-1", capacity: 1 }))).toMatchObject({
      status: 403,
      code: "forbidden",
    });
    expect(await billRefusal(createBill(ctxOf(db().db, dispatcher), { capacity: 0 }))).toMatchObject({ status: 403 });
    expect(await countTable(db(), "bills")).toBe(0);
  });
});

describe("updateBill", () => {
  it("edits capacity and details and audits only what changed", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 5, customer: "Old" });
    const updated = await updateBill(ctxOf(db().db, admin), {
      billNumber: ` ${bill.billNumber.toLowerCase()} `,
      capacity: "8",
      customer: "New Co",
      vehicleNumber: "RJ14 1234",
      description: "two trucks\nsplit load",
    });
    expect(updated).toMatchObject({ billNumber: bill.billNumber, capacity: 8, customer: "New Co", vehicleNumber: "RJ14 1234", description: "two trucks\nsplit load" });
    const [entry] = await auditOf("bill_updated");
    expect(entry).toMatchObject({
      userId: admin.id,
      before: { capacity: 5, customer: "Old", vehicleNumber: null, description: null },
      after: { capacity: 8, customer: "New Co", vehicleNumber: "RJ14 1234", description: "two trucks\nsplit load" },
    });
    // Clearing a field, and leaving the rest unchanged.
    const cleared = await updateBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, customer: "" });
    expect(cleared).toMatchObject({ customer: null, capacity: 8, vehicleNumber: "RJ14 1234" });
    // Nothing changed → nothing audited.
    await updateBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, capacity: 8 });
    expect(await auditOf("bill_updated")).toHaveLength(2);
  });

  it("never lets capacity drop below the linked parents (409 below_linked), but allows equal", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 5 });
    for (let i = 0; i < 3; i += 1) await add(bill.billNumber, (await makeParent(db().db, labels)).qr);
    const refusal = await billRefusal(updateBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, capacity: 2 }));
    expect(refusal).toMatchObject({ status: 409, code: "below_linked" });
    expect(refusal.message).toContain("3 parent bags");
    expect((await updateBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, capacity: 3 })).capacity).toBe(3);
    // At capacity now: the next add is refused, and completion is allowed.
    expect(await billRefusal(add(bill.billNumber, (await makeParent(db().db, labels)).qr))).toMatchObject({ code: "bill_full" });
    expect((await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber })).status).toBe("completed");
  });

  it("refuses bad edits with field errors, unknown bills with 404 and dispatchers with 403", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 5 });
    for (const capacity of [0, 501, "abc", -1, 1.5]) {
      expect(await billRefusal(updateBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, capacity }))).toMatchObject({
        status: 400,
        fields: { capacity: ["Capacity must be a whole number from 1 to 500."] },
      });
    }
    expect(await billRefusal(updateBill(ctxOf(db().db, biller), { billNumber: "NOPE-1", capacity: 2 }))).toMatchObject({ status: 404, code: "bill_not_found" });
    expect(await billRefusal(updateBill(ctxOf(db().db, dispatcher), { billNumber: bill.billNumber, capacity: 2 }))).toMatchObject({ status: 403 });
    expect(must(await getBill(db().db, bill.billNumber)).bill.capacity).toBe(5);
  });
});

describe("deleteBill", () => {
  it("is for admins only", async () => {
    const bill = await makeBill(db().db, biller, labels);
    expect(await billRefusal(deleteBill(ctxOf(db().db, biller), { billNumber: bill.billNumber }))).toMatchObject({ status: 403 });
    expect(await billRefusal(deleteBill(ctxOf(db().db, dispatcher), { billNumber: bill.billNumber }))).toMatchObject({ status: 403 });
    expect(await countTable(db(), "bills")).toBe(1);
    expect(await billRefusal(deleteBill(ctxOf(db().db, admin), { billNumber: "NOPE-2" }))).toMatchObject({ status: 404, code: "bill_not_found" });
  });

  it("deletes the bill and its bag rows, audits the snapshot, and releases the parents to another bill", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 2, customer: "Dealer" });
    const [a, b] = [await makeParent(db().db, labels), await makeParent(db().db, labels, { kind: "M444" })];
    await add(bill.billNumber, a.qr);
    await add(bill.billNumber, b.qr);
    await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });

    expect(await deleteBill(ctxOf(db().db, admin), { billNumber: bill.billNumber.toLowerCase() })).toEqual({ billNumber: bill.billNumber, releasedParents: 2 });
    expect(await getBill(db().db, bill.billNumber)).toBeNull();
    expect(await countTable(db(), "bill_bags")).toBe(0);
    expect(await countTable(db(), "bags")).toBe(2 + 30 + 15);
    const [entry] = await auditOf("bill_deleted");
    expect(entry).toMatchObject({
      userId: admin.id,
      critical: true,
      after: null,
      before: { billNumber: bill.billNumber, capacity: 2, status: "completed", linkedCount: 2, customer: "Dealer", parents: [a.qr, b.qr] },
    });

    const next = await makeBill(db().db, biller, labels, { capacity: 2 });
    expect((await add(next.billNumber, a.qr)).result).toBe("added");
    expect((await add(next.billNumber, b.qr)).result).toBe("added");
    // The old number is free again too.
    expect((await createBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, capacity: 1 })).status).toBe("new");
  });
});

describe("getBill", () => {
  it("returns the bill with its parents and weights computed from them (user-guide example)", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 5, vehicleNumber: "UP32 AB 1" });
    const parents: MadeParent[] = [];
    for (const children of [30, 30, 30, 20, 18]) parents.push(await makeParent(db().db, labels, { children }));
    for (const p of parents) await add(bill.billNumber, p.qr, p === parents[0] ? admin : biller);

    const detail = must(await getBill(db().db, `  ${bill.billNumber.toLowerCase()}\t`));
    expect(detail.bill).toEqual({
      billNumber: bill.billNumber,
      capacity: 5,
      status: "processing",
      description: null,
      customer: null,
      vehicleNumber: "UP32 AB 1",
      linkedCount: 5,
      childCount: 128,
      createdAt: expect.any(Date),
      createdBy: biller.username,
      completedAt: null,
      actualWeightKg: 128,
      expectedWeightKg: 150,
      varianceKg: -22,
    });
    expect(detail.parents).toHaveLength(5);
    expect(detail.parents.map((p) => p.qr).sort()).toEqual(parents.map((p) => p.qr).sort());
    const first = must(detail.parents.find((p) => p.qr === parents[0]?.qr));
    expect(first).toEqual({ qr: parents[0]?.qr, type: "SB", childCount: 30, capacity: 30, partial: false, addedAt: expect.any(Date), addedBy: admin.username });
    expect(detail.parents.find((p) => p.qr === parents[4]?.qr)).toMatchObject({ childCount: 18, partial: true, addedBy: biller.username });
  });

  it("weighs the parents as they are now, not as they were when billed", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 1 });
    const parent = await makeParent(db().db, labels, { children: 10 });
    await add(bill.billNumber, parent.qr);
    // Packing continued after billing (partial parents are billable).
    await db().db.update(bags).set({ childCount: 25, status: "in_progress" }).where(eq(bags.id, parent.id));
    expect(must(await getBill(db().db, bill.billNumber)).bill).toMatchObject({ actualWeightKg: 25, expectedWeightKg: 30, varianceKg: -5 });
  });

  it("returns null for an unknown or impossible bill number", async () => {
    expect(await getBill(db().db, "NOPE-3")).toBeNull();
    expect(await getBill(db().db, "")).toBeNull();
    expect(await getBill(db().db, "x".repeat(10_000))).toBeNull();
  });
});
