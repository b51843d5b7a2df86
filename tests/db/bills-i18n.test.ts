import { createTranslator } from "next-intl";
import { beforeAll, describe, expect, it } from "vitest";
import { MESSAGES } from "@/i18n/messages";
import { deleteBag } from "@/lib/server/bags/delete";
import { bagNotFound, hiddenBagSentence, type HiddenBag } from "@/lib/server/bags/lookup";
import { billNotFound } from "@/lib/server/bills/bill-number";
import { BILL_CONSTRAINTS } from "@/lib/server/bills/locked-bill";
import { createBill, deleteBill, duplicateBill, updateBill } from "@/lib/server/bills/mutations";
import { addParentToBill, billFull, onOtherBill, parentNotRegistered, parentOnReturn, registeredAsChild, removeParentFromBill, requireParentQr } from "@/lib/server/bills/parents";
import { completeBill, reopenBill } from "@/lib/server/bills/state";
import { reservationNotFound } from "@/lib/server/labels/read";
import { reserveLabels } from "@/lib/server/labels/reserve";
import { AppError } from "@/lib/server/errors";
import { formatHiddenBag } from "@/components/bags/bag-labels";
import { labelMaker, makeBill, makeParent, type BillTestUser } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// Issue 19: every refusal a bill, label or bag verb shows a person carries its message key and
// values (AppError.say), so a Hindi reader reads it in Hindi. The English template, filled with
// those values, is exactly the verb's own sentence (the API's English); the Hindi is Devanagari.

const db = setupTestDb();
const labels = labelMaker(8);
const say = (locale: "en" | "hi") => createTranslator({ locale, messages: MESSAGES[locale], namespace: "errors" }) as unknown as (key: string, values: Record<string, string | number>) => string;

/** The refusal `run` throws (or that is given), checked in both languages; returns its code. */
async function expectSaid(run: AppError | (() => unknown)): Promise<string> {
  let err: unknown = run;
  if (typeof run === "function") {
    try {
      await run();
      err = null;
    } catch (thrown) {
      err = thrown;
    }
  }
  expect(err, "the call was refused").toBeInstanceOf(AppError);
  const refusal = err as AppError;
  expect(refusal.text, `${refusal.code}: "${refusal.message}" carries no .say`).toBeDefined();
  const { key, values } = refusal.text ?? { key: "", values: {} };
  expect(say("en")(key, values), key).toBe(refusal.message);
  const hindi = say("hi")(key, values);
  expect(hindi, key).toMatch(/[\u0900-\u097F]/);
  for (const value of Object.values(values)) if (typeof value === "string" && value) expect(hindi, `${key} says ${value}`).toContain(value);
  return refusal.code;
}

let biller: BillTestUser;
let admin: BillTestUser;
let dispatcher: BillTestUser;
beforeAll(async () => {
  biller = await makeUser(db().db, "biller");
  admin = await makeUser(db().db, "admin");
  dispatcher = await makeUser(db().db, "dispatcher");
});

describe("refusals worded for a Hindi reader", () => {
  it("the ones billing and imports build alike", async () => {
    const parent = { qr: "SB00001" };
    for (const err of [
      billFull("B-1", 3, 3),
      onOtherBill(parent, "B-2"),
      onOtherBill(parent, null),
      parentNotRegistered("sb00009"),
      registeredAsChild("1000001"),
      parentOnReturn("SB00001", "RT-7"),
      duplicateBill("B-1"),
      billNotFound("NO-SUCH"),
      bagNotFound("SB99999"),
      reservationNotFound("x1"),
      ...Object.values(BILL_CONSTRAINTS).map((make) => make()),
    ]) {
      await expectSaid(err);
    }
    expect(await expectSaid(() => requireParentQr("1000001"))).toBe("wrong_type");
    expect(await expectSaid(() => requireParentQr("SB12"))).toBe("invalid_qr");
  });

  it("the bill verbs' own: too few or too many parents, frozen, not completed, duplicate, unknown, not allowed", async () => {
    const ctx = ctxOf(db().db, biller);
    const { billNumber } = await makeBill(db().db, biller, labels, { capacity: 2 });
    const [a, b, c] = [await makeParent(db().db, labels), await makeParent(db().db, labels), await makeParent(db().db, labels)];
    expect(await expectSaid(() => completeBill(ctx, { billNumber }))).toBe("below_capacity");
    await addParentToBill(ctx, { billNumber, qr: a.qr });
    expect(await expectSaid(() => completeBill(ctx, { billNumber }))).toBe("below_capacity");
    expect(await expectSaid(() => removeParentFromBill(ctx, { billNumber, qr: c.qr }))).toBe("not_on_bill");
    await addParentToBill(ctx, { billNumber, qr: b.qr });
    expect(await expectSaid(() => addParentToBill(ctx, { billNumber, qr: c.qr }))).toBe("bill_full");
    expect(await expectSaid(() => updateBill(ctx, { billNumber, capacity: 1 }))).toBe("below_linked");
    expect(await expectSaid(() => reopenBill(ctx, { billNumber }))).toBe("not_completed");
    const other = await makeBill(db().db, biller, labels, { capacity: 2 });
    expect(await expectSaid(() => addParentToBill(ctx, { billNumber: other.billNumber, qr: a.qr }))).toBe("on_other_bill");

    await completeBill(ctx, { billNumber });
    expect(await expectSaid(() => completeBill(ctx, { billNumber }))).toBe("bill_completed");
    expect(await expectSaid(() => addParentToBill(ctx, { billNumber, qr: c.qr }))).toBe("bill_completed");
    expect(await expectSaid(() => removeParentFromBill(ctx, { billNumber, qr: a.qr }))).toBe("bill_completed");
    expect(await expectSaid(() => updateBill(ctx, { billNumber, description: "y" }))).toBe("bill_completed");
    expect(await expectSaid(() => deleteBag(ctxOf(db().db, admin), { qr: a.qr }))).toBe("bill_completed");
    expect(await expectSaid(() => createBill(ctx, { billNumber: billNumber.toLowerCase(), capacity: 1 }))).toBe("duplicate_bill");
    expect(await expectSaid(() => addParentToBill(ctx, { billNumber: "NO-SUCH-BILL", qr: c.qr }))).toBe("bill_not_found");
    expect(await expectSaid(() => deleteBag(ctxOf(db().db, admin), { qr: "SB77777" }))).toBe("bag_not_found");
    expect(await expectSaid(() => deleteBill(ctx, { billNumber }))).toBe("forbidden");
    expect(await expectSaid(() => deleteBag(ctx, { qr: a.qr }))).toBe("forbidden");
    expect(await expectSaid(() => createBill(ctxOf(db().db, dispatcher), { billNumber: "B-X", capacity: 1 }))).toBe("forbidden");
    expect(await expectSaid(() => reserveLabels(ctxOf(db().db, dispatcher), { kind: "SB", count: 1 }))).toBe("forbidden");
  });

  it("a label series running out: some numbers left, one left, none left", async () => {
    const ctx = ctxOf(db().db, biller);
    await makeParent(db().db, labels, { qr: "SB99990", children: 0 });
    expect(await expectSaid(() => reserveLabels(ctx, { kind: "SB", count: 10 }))).toBe("labels_exhausted");
    await reserveLabels(ctx, { kind: "SB", count: 9 });
    expect(await expectSaid(() => reserveLabels(ctx, { kind: "SB", count: 1 }))).toBe("labels_exhausted");
    await makeParent(db().db, labels, { kind: "M444", qr: "M444-99998", children: 0 });
    expect(await expectSaid(() => reserveLabels(ctx, { kind: "M444", count: 2 }))).toBe("labels_exhausted");
  });
});

describe("a bag hidden in another area", () => {
  it("reads on the page as the API says it", () => {
    const t = createTranslator({ locale: "en", messages: MESSAGES.en, namespace: "bags" });
    const cases: HiddenBag[] = [
      { qr: "SB00007", reason: "viewer_no_area", viewerArea: null },
      { qr: "SB00007", reason: "other_area", viewerArea: "indore" },
      { qr: "SB00007", reason: "no_area", viewerArea: "sri_ganganagar" },
    ];
    const areas = { indore: "Indore", sri_ganganagar: "Sri Ganganagar" } as const;
    for (const hidden of cases) expect(formatHiddenBag(hidden, hidden.viewerArea ? areas[hidden.viewerArea as keyof typeof areas] : "—", t as never)).toBe(hiddenBagSentence(hidden));
  });
});
