import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { updateBill } from "@/lib/server/bills/mutations";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { completeBill, reopenBill } from "@/lib/server/bills/state";
import { getBill } from "@/lib/server/bills/detail";
import {
  billRefusal,
  driftedBills,
  labelMaker,
  makeBill,
  makeParent,
  must,
  truncateBillData,
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
const labels = labelMaker(7);

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

describe("state machine", () => {
  it("walks new → processing → completed → reopened (processing) → new", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 2 });
    const [a, b] = [await makeParent(db().db, labels), await makeParent(db().db, labels, { children: 3 })];
    expect(bill.status).toBe("new");
    expect((await add(bill.billNumber, a.qr)).status).toBe("processing");
    // Reaching capacity does not complete the bill by itself.
    expect((await add(bill.billNumber, b.qr)).status).toBe("processing");
    const completed = await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
    expect(completed).toEqual({
      billNumber: bill.billNumber,
      status: "completed",
      linkedCount: 2,
      capacity: 2,
      childCount: 33,
      actualWeightKg: 33,
      expectedWeightKg: 60,
      varianceKg: -27,
    });
    expect(must(await getBill(db().db, bill.billNumber)).bill.completedAt).toBeInstanceOf(Date);
    const reopened = await reopenBill(ctxOf(db().db, admin), { billNumber: bill.billNumber });
    expect(reopened.status).toBe("processing");
    expect(must(await getBill(db().db, bill.billNumber)).bill.completedAt).toBeNull();
    await removeParentFromBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: a.qr });
    expect((await removeParentFromBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: b.qr })).status).toBe("new");

    const [done] = await auditOf("bill_completed");
    expect(done).toMatchObject({ before: { status: "processing", completedAt: null }, after: { status: "completed" } });
    expect((done?.after as { completedAt: string }).completedAt).toEqual(expect.any(String));
    const [reopen] = await auditOf("bill_reopened");
    expect(reopen).toMatchObject({ before: { status: "completed" }, after: { status: "processing", completedAt: null } });
    expect(await driftedBills(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("refuses to complete below capacity, saying how many are missing, and an empty bill", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 3 });
    const empty = await billRefusal(completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber }));
    expect(empty).toMatchObject({ status: 409, code: "below_capacity" });
    expect(empty.message).toContain("no parent bags");
    await add(bill.billNumber, (await makeParent(db().db, labels)).qr);
    const short = await billRefusal(completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber }));
    expect(short).toMatchObject({ status: 409, code: "below_capacity" });
    expect(short.message).toContain("2 more parent bags");
    expect(short.message).toContain("1/3");
    expect(must(await getBill(db().db, bill.billNumber)).bill.status).toBe("processing");
  });

  it("freezes a completed bill: no adds, removes, edits or second completion until reopened", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 1 });
    const on = await makeParent(db().db, labels);
    const other = await makeParent(db().db, labels);
    await add(bill.billNumber, on.qr);
    await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
    for (const attempt of [
      () => add(bill.billNumber, other.qr),
      () => removeParentFromBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: on.qr }),
      () => updateBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, capacity: 2 }),
      () => updateBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, customer: "New customer" }),
      () => completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber }),
    ]) {
      expect(await billRefusal(attempt())).toMatchObject({ status: 409, code: "bill_completed" });
    }
    // A re-scan of a parent already on it changes nothing, so it is not an error.
    expect((await add(bill.billNumber, on.qr)).result).toBe("duplicate");
    expect(await billRefusal(reopenBill(ctxOf(db().db, biller), { billNumber: "missing-bill" }))).toMatchObject({ status: 404 });

    await reopenBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
    expect((await updateBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, capacity: 2 })).capacity).toBe(2);
    expect((await add(bill.billNumber, other.qr)).result).toBe("added");
  });

  it("refuses to reopen a bill that is not completed with 409 not_completed", async () => {
    const bill = await makeBill(db().db, biller, labels);
    expect(await billRefusal(reopenBill(ctxOf(db().db, biller), { billNumber: bill.billNumber }))).toMatchObject({ status: 409, code: "not_completed" });
    await add(bill.billNumber, (await makeParent(db().db, labels)).qr);
    expect(await billRefusal(reopenBill(ctxOf(db().db, biller), { billNumber: bill.billNumber }))).toMatchObject({ code: "not_completed" });
  });

  it("refuses state changes to a dispatcher", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 1 });
    await add(bill.billNumber, (await makeParent(db().db, labels)).qr);
    expect(await billRefusal(completeBill(ctxOf(db().db, dispatcher), { billNumber: bill.billNumber }))).toMatchObject({ status: 403 });
    await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
    expect(await billRefusal(reopenBill(ctxOf(db().db, dispatcher), { billNumber: bill.billNumber }))).toMatchObject({ status: 403 });
  });
});
