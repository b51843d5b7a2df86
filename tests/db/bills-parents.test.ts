import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bags, billBags, bills } from "@/db/schema";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import {
  billRefusal,
  countTable,
  driftedBills,
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
import { ctxOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { driftedFollows } from "../support/scan";

// No REDIS_URL here: the in-process absorber; bills-dedupe.test.ts covers Redis.
delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(6);

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

describe("addParentToBill", () => {
  it("adds a full parent, moves the bill to processing and reports counts and weights", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 3 });
    const parent = await makeParent(db().db, labels);
    const r = await add(bill.billNumber, ` ${parent.qr.toLowerCase()}\r\n`);
    expect(r).toEqual({
      result: "added",
      billNumber: bill.billNumber,
      status: "processing",
      linkedCount: 1,
      capacity: 3,
      childCount: 30,
      actualWeightKg: 30,
      expectedWeightKg: 30,
      varianceKg: 0,
      parent: { qr: parent.qr, type: "SB", childCount: 30, capacity: 30, partial: false },
    });
    const [entry] = await auditOf("bill_parent_added");
    expect(entry).toMatchObject({
      userId: biller.id,
      before: { linkedCount: 0, status: "new" },
      after: { linkedCount: 1, status: "processing" },
      details: { billNumber: bill.billNumber, parentQr: parent.qr, childCount: 30 },
    });
    const [row] = await db().db.select({ addedBy: billBags.addedBy }).from(billBags);
    expect(row?.addedBy).toBe(biller.id);
  });

  it("accepts partial parents, reports them partial, and weighs M444 parents at 15 kg", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 5 });
    const partial = await makeParent(db().db, labels, { children: 12 });
    const m444 = await makeParent(db().db, labels, { kind: "M444", children: 15 });
    const empty = await makeParent(db().db, labels, { kind: "M444", children: 0 });
    expect((await add(bill.billNumber, partial.qr)).parent).toEqual({ qr: partial.qr, type: "SB", childCount: 12, capacity: 30, partial: true });
    const r = await add(bill.billNumber, m444.qr);
    expect(r.parent).toEqual({ qr: m444.qr, type: "M444", childCount: 15, capacity: 15, partial: false });
    expect(r).toMatchObject({ linkedCount: 2, actualWeightKg: 27, expectedWeightKg: 45, varianceKg: -18 });
    expect(await add(bill.billNumber, empty.qr)).toMatchObject({
      result: "added",
      linkedCount: 3,
      actualWeightKg: 27,
      expectedWeightKg: 60,
      parent: { partial: true, childCount: 0 },
    });
  });

  it("answers duplicate for a parent already on this bill and changes nothing", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 2 });
    const parent = await makeParent(db().db, labels, { children: 20 });
    await add(bill.billNumber, parent.qr);
    const again = await add(bill.billNumber.toLowerCase(), parent.qr);
    expect(again).toMatchObject({ result: "duplicate", linkedCount: 1, actualWeightKg: 20, expectedWeightKg: 30, parent: { qr: parent.qr, partial: true } });
    expect(await countTable(db(), "bill_bags")).toBe(1);
    expect(await auditOf("bill_parent_added")).toHaveLength(1);
  });

  it("refuses a child label (409 wrong_type) and an unreadable one (400 invalid_qr)", async () => {
    const bill = await makeBill(db().db, biller, labels);
    const child = await billRefusal(add(bill.billNumber, "0016557"));
    expect(child).toMatchObject({ status: 409, code: "wrong_type" });
    expect(child.message).toContain("child label");
    expect(await billRefusal(add(bill.billNumber, "SB1234"))).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(await billRefusal(add(bill.billNumber, "<script>"))).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(await billRefusal(add(bill.billNumber, ""))).toMatchObject({ status: 400, code: "invalid_qr" });
  });

  it("refuses a bag stored as a child under a parent-like label with wrong_type", async () => {
    const bill = await makeBill(db().db, biller, labels);
    await db().db.insert(bags).values({ qr: "SB19999", type: "child" });
    expect(await billRefusal(add(bill.billNumber, "SB19999"))).toMatchObject({ status: 409, code: "wrong_type" });
  });

  it("refuses an unregistered parent with 404 parent_not_found, pointing at the packing station", async () => {
    const bill = await makeBill(db().db, biller, labels);
    const refusal = await billRefusal(add(bill.billNumber, "SB18888"));
    expect(refusal).toMatchObject({ status: 404, code: "parent_not_found" });
    expect(refusal.message).toContain("packing station");
    expect(await countTable(db(), "bags")).toBe(0);
  });

  it("refuses a parent on another bill with 409 on_other_bill naming that bill", async () => {
    const first = await makeBill(db().db, biller, labels);
    const second = await makeBill(db().db, biller, labels);
    const parent = await makeParent(db().db, labels);
    await add(first.billNumber, parent.qr);
    const refusal = await billRefusal(add(second.billNumber, parent.qr));
    expect(refusal).toMatchObject({ status: 409, code: "on_other_bill" });
    expect(refusal.message).toContain(first.billNumber);
    expect(await billRefusal(add(second.billNumber, parent.qr))).toMatchObject({ code: "on_other_bill" });
  });

  it("refuses a full bill with 409 bill_full and an unknown bill with 404 bill_not_found", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 1 });
    await add(bill.billNumber, (await makeParent(db().db, labels)).qr);
    const extra = await makeParent(db().db, labels);
    const refusal = await billRefusal(add(bill.billNumber, extra.qr));
    expect(refusal).toMatchObject({ status: 409, code: "bill_full" });
    expect(refusal.message).toContain("1/1");
    expect(await billRefusal(add("NO-SUCH-BILL", extra.qr))).toMatchObject({ status: 404, code: "bill_not_found" });
    expect(await billRefusal(add("bad\u0000bill", extra.qr))).toMatchObject({ status: 404, code: "bill_not_found" });
  });

  it("refuses a dispatcher with 403", async () => {
    const bill = await makeBill(db().db, biller, labels);
    const parent = await makeParent(db().db, labels);
    expect(await billRefusal(add(bill.billNumber, parent.qr, dispatcher))).toMatchObject({ status: 403 });
    expect(await countTable(db(), "bill_bags")).toBe(0);
  });
});

describe("removeParentFromBill", () => {
  it("takes a parent off, drops counts and weights, audits, and returns the bill to new after the last one", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 3 });
    const a = await makeParent(db().db, labels, { children: 30 });
    const b = await makeParent(db().db, labels, { kind: "M444", children: 10 });
    await add(bill.billNumber, a.qr);
    await add(bill.billNumber, b.qr);
    const r = await removeParentFromBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: a.qr.toLowerCase() });
    expect(r).toEqual({
      result: "removed",
      parentQr: a.qr,
      billNumber: bill.billNumber,
      status: "processing",
      linkedCount: 1,
      capacity: 3,
      childCount: 10,
      actualWeightKg: 10,
      expectedWeightKg: 15,
      varianceKg: -5,
    });
    const last = await removeParentFromBill(ctxOf(db().db, admin), { billNumber: bill.billNumber, qr: b.qr });
    expect(last).toMatchObject({ status: "new", linkedCount: 0, actualWeightKg: 0, expectedWeightKg: 0 });
    const entries = await auditOf("bill_parent_removed");
    expect(entries.map((e) => [e.before, e.after])).toEqual([
      [{ linkedCount: 2, status: "processing" }, { linkedCount: 1, status: "processing" }],
      [{ linkedCount: 1, status: "processing" }, { linkedCount: 0, status: "new" }],
    ]);
    // The parent is billable again.
    expect((await add(bill.billNumber, a.qr)).result).toBe("added");
  });

  it("answers 404 not_on_bill for a parent that is not on this bill", async () => {
    const bill = await makeBill(db().db, biller, labels);
    const other = await makeBill(db().db, biller, labels);
    const parent = await makeParent(db().db, labels);
    await add(other.billNumber, parent.qr);
    expect(await billRefusal(removeParentFromBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parent.qr }))).toMatchObject({
      status: 404,
      code: "not_on_bill",
    });
    expect(await billRefusal(removeParentFromBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: "SB17777" }))).toMatchObject({
      code: "not_on_bill",
    });
    expect(await billRefusal(removeParentFromBill(ctxOf(db().db, dispatcher), { billNumber: other.billNumber, qr: parent.qr }))).toMatchObject({
      status: 403,
    });
    expect(await countTable(db(), "bill_bags")).toBe(1);
  });
});

describe("invariants", () => {
  it("keeps linked_count equal to the bill_bags rows through a mixed sequence", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 4 });
    const ps: MadeParent[] = [];
    for (let i = 0; i < 5; i += 1) ps.push(await makeParent(db().db, labels, { children: i }));
    for (const p of ps) await add(bill.billNumber, p.qr).catch(() => undefined);
    await removeParentFromBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: must(ps[1]).qr });
    await add(bill.billNumber, must(ps[4]).qr);
    await add(bill.billNumber, must(ps[4]).qr);
    expect(await driftedBills(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
    const [row] = await db().db.select({ linkedCount: bills.linkedCount }).from(bills).where(eq(bills.billNumber, bill.billNumber));
    expect(row?.linkedCount).toBe(4);
    expect(await countTable(db(), "bill_bags")).toBe(4);
  });
});
