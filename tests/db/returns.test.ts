import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bills } from "@/db/schema";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { deleteBill } from "@/lib/server/bills/mutations";
import { reopenBill } from "@/lib/server/bills/state";
import { cancelTicket } from "@/lib/server/returns/cancel";
import { billReturnHistory } from "@/lib/server/returns/history";
import { listTickets } from "@/lib/server/returns/list";
import { returnBag } from "@/lib/server/returns/scan";
import { createTicket, finalizeTicket, getTicket, updateTicket } from "@/lib/server/returns/tickets";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { istDay } from "@/lib/time";
import {
  auditRowsOf,
  billRefusal,
  driftedBills,
  labelMaker,
  makeBill,
  makeBillRoles,
  makeParent,
  truncateBillData,
  type BillTestUser,
} from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeCompletedBill } from "../support/pass-factories";
import { driftedFollows } from "../support/scan";

delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(6);

let biller: BillTestUser;
let admin: BillTestUser;
let dispatcher: BillTestUser;

beforeAll(async () => {
  ({ biller, admin, dispatcher } = await makeBillRoles(db()));
  setStatsStore(createMemoryStatsStore());
});
beforeEach(async () => {
  await truncateBillData(db());
  await db().rows(sql`truncate table return_tickets, return_ticket_days, bill_return_events restart identity cascade`);
});

const as = (user: BillTestUser = biller) => ctxOf(db().db, user);
const todayCode = (n: number) => `RTN-${istDay(new Date()).replaceAll("-", "")}-${String(n).padStart(4, "0")}`;
/** A completed bill of `parents` parents with `children` each (SB: 30 kg expected each). */
const completed = (parents = 3, children = 5) => makeCompletedBill(db().db, { actor: biller, labels, parents, children });

async function billRow(billNumber: string) {
  const [row] = await db().db.select({ linkedCount: bills.linkedCount, status: bills.status, capacity: bills.capacity }).from(bills).where(eq(bills.billNumber, billNumber));
  return row;
}

/**
 * Bills whose linked_count disagrees with their bill_bags rows, or whose status does (new with
 * parents, processing without). Unlike driftedBills, a completed or dispatched bill below its
 * capacity is no drift here: returns take parents off them on purpose.
 */
async function counterDrift() {
  return db().rows(sql`select b.bill_number, b.linked_count, count(bb.id)::int as rows, b.status from bills b
    left join bill_bags bb on bb.bill_id = b.id group by b.id
    having b.linked_count <> count(bb.id) or count(bb.id) > b.capacity
      or (b.status = 'new' and count(bb.id) <> 0) or (b.status = 'processing' and count(bb.id) = 0)`);
}

/** Everything a refusal must leave alone. */
async function state() {
  const [row] = await db().rows<Record<string, string | number>>(sql`select
    (select count(*)::int from bill_bags) as bill_bags,
    (select coalesce(sum(linked_count), 0)::int from bills) as linked,
    (select coalesce(string_agg(bill_number || ':' || status || ':' || linked_count, ',' order by id), '') from bills) as bills,
    (select count(*)::int from bill_return_events) as events,
    (select coalesce(string_agg(bag_qr || ':' || state, ',' order by id), '') from return_ticket_bags) as held,
    (select coalesce(string_agg(code || ':' || status || ':' || bags_count || ':' || child_count, ',' order by id), '') from return_tickets) as tickets,
    (select count(*)::int from audit_log) as audit`);
  return row;
}

describe("createTicket, updateTicket, getTicket, listTickets", () => {
  it("numbers tickets RTN-YYYYMMDD-NNNN per IST day, opens them empty and audits them", async () => {
    const first = await createTicket(as(), { area: "jaipur", notes: "  Dealer returned 4 bags  " });
    expect(first).toMatchObject({ code: todayCode(1), status: "open", area: "jaipur", notes: "Dealer returned 4 bags", bagsCount: 0, childCount: 0, weightKg: 0, createdBy: biller.username, closedAt: null });
    const second = await createTicket(as(admin), { area: "lucknow" });
    expect(second).toMatchObject({ code: todayCode(2), notes: null, createdBy: admin.username });
    const [audit] = await auditRowsOf(db().db, "return_ticket_created");
    expect(audit).toMatchObject({ userId: biller.id, details: { area: "jaipur" } });
  });

  it("refuses bad input by field, and dispatchers, writing nothing", async () => {
    const before = await state();
    expect(await billRefusal(createTicket(as(), {}))).toMatchObject({ status: 400, fields: { area: [expect.stringMatching(/C&F location/)] } });
    expect(await billRefusal(createTicket(as(), { area: "mars" }))).toMatchObject({ status: 400, fields: { area: expect.any(Array) } });
    expect(await billRefusal(createTicket(as(), { area: "jaipur", notes: "x".repeat(501) }))).toMatchObject({ status: 400, fields: { notes: expect.any(Array) } });
    expect(await billRefusal(createTicket(as(), { area: "jaipur", notes: "a\u0000b" }))).toMatchObject({ status: 400, fields: { notes: ["Notes contains control characters."] } });
    expect(await billRefusal(createTicket(as(), { area: "jaipur", extra: 1 }))).toMatchObject({ status: 400 });
    expect(await billRefusal(createTicket(as(dispatcher), { area: "jaipur" }))).toMatchObject({ status: 403 });
    expect(await state()).toEqual(before);
    const [days] = await db().rows<{ n: number }>(sql`select count(*)::int as n from return_ticket_days`);
    expect(days?.n).toBe(0);
  });

  it("edits area and notes while open (audited), then refuses 409 ticket_closed", async () => {
    const t = await createTicket(as(), { area: "jaipur", notes: "first" });
    expect(await updateTicket(as(), { code: t.code.toLowerCase(), area: "hisar" })).toMatchObject({ area: "hisar", notes: "first" });
    expect(await updateTicket(as(), { code: t.code, notes: "" })).toMatchObject({ area: "hisar", notes: null });
    const [audit] = await auditRowsOf(db().db, "return_ticket_updated");
    expect(audit).toMatchObject({ before: { area: "jaipur", notes: "first" }, after: { area: "hisar", notes: "first" } });
    expect(await billRefusal(updateTicket(as(), { code: t.code }))).toMatchObject({ status: 400 });
    const bill = await completed(1);
    await returnBag(as(), { code: t.code, qr: bill.parentQrs[0] });
    await finalizeTicket(as(), { code: t.code });
    expect(await billRefusal(updateTicket(as(), { code: t.code, notes: "late" }))).toMatchObject({ status: 409, code: "ticket_closed" });
  });

  it("answers 404 ticket_not_found for codes that cannot exist (no query) and ones that do not", async () => {
    for (const code of ["RTN-1", "nope", "RTN-20000101-0001", "GP-20000101-0001"]) {
      expect(await billRefusal(getTicket(as(), { code }))).toMatchObject({ status: 404, code: "ticket_not_found" });
      expect(await billRefusal(returnBag(as(), { code, qr: "SB12345" }))).toMatchObject({ status: 404, code: "ticket_not_found" });
      expect(await billRefusal(finalizeTicket(as(), { code }))).toMatchObject({ status: 404, code: "ticket_not_found" });
      expect(await billRefusal(cancelTicket(as(), { code }))).toMatchObject({ status: 404, code: "ticket_not_found" });
    }
    expect(await billRefusal(getTicket(as(), { code: "RTN-\u0000" }))).toMatchObject({ status: 400 });
  });

  it("lists newest first, filters by status and search, and pages by keyset", async () => {
    const a = await createTicket(as(), { area: "jaipur", notes: "alpha dealer" });
    const b = await createTicket(as(), { area: "jaipur" });
    const c = await createTicket(as(), { area: "jaipur" });
    const bill = await completed(1);
    await returnBag(as(), { code: b.code, qr: bill.parentQrs[0] });
    await finalizeTicket(as(), { code: b.code });
    const all = await listTickets(as(), {});
    expect(all.tickets.map((t) => t.code)).toEqual([c.code, b.code, a.code]);
    expect((await listTickets(as(), { status: "finalized" })).tickets.map((t) => t.code)).toEqual([b.code]);
    expect((await listTickets(as(), { status: "open" })).tickets.map((t) => t.code)).toEqual([c.code, a.code]);
    expect((await listTickets(as(), { q: "ALPHA" })).tickets.map((t) => t.code)).toEqual([a.code]);
    const page1 = await listTickets(as(), { limit: "2" });
    expect(page1.tickets.map((t) => t.code)).toEqual([c.code, b.code]);
    const page2 = await listTickets(as(), { limit: "2", cursor: page1.nextCursor });
    expect(page2).toMatchObject({ tickets: [{ code: a.code }], nextCursor: null });
    expect(await billRefusal(listTickets(as(dispatcher), {}))).toMatchObject({ status: 403 });
  });
});

describe("returnBag", () => {
  it("takes a parent off a completed bill: counts and weights drop, a bill event and a held row are written", async () => {
    const bill = await completed(3, 5);
    const t = await createTicket(as(), { area: "jaipur" });
    const qr = bill.parentQrs[1] as string;
    const answer = await returnBag(as(), { code: t.code, qr: `  ${qr.toLowerCase()}\r\n` });
    expect(answer).toMatchObject({
      result: "returned",
      qr,
      bill: { billNumber: bill.billNumber, linkedCount: 2, status: "completed", linkedBefore: 3, childCount: 10, actualWeightKg: 10, expectedWeightKg: 60 },
      ticket: { code: t.code, bagsCount: 1, childCount: 5, weightKg: 5 },
      bag: { qr, billNumber: bill.billNumber, childCount: 5, weightKg: 5, state: "held", scannedBy: biller.username },
    });
    expect(await billRow(bill.billNumber)).toMatchObject({ linkedCount: 2, status: "completed" });
    const [onBill] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bill_bags where bill_id = ${bill.id}`);
    expect(onBill?.n).toBe(2);
    const [event] = await db().rows(sql`select kind, bag_qr, linked_before, linked_after, children_before, children_after,
      actual_weight_before_kg, actual_weight_after_kg, expected_weight_before_kg, expected_weight_after_kg, by_user from bill_return_events`);
    expect(event).toEqual({
      kind: "returned",
      bag_qr: qr,
      linked_before: 3,
      linked_after: 2,
      children_before: 15,
      children_after: 10,
      actual_weight_before_kg: 15,
      actual_weight_after_kg: 10,
      expected_weight_before_kg: 90,
      expected_weight_after_kg: 60,
      by_user: biller.id,
    });
    const [held] = await db().rows(sql`select bag_qr, bill_number, child_count, state from return_ticket_bags`);
    expect(held).toEqual({ bag_qr: qr, bill_number: bill.billNumber, child_count: 5, state: "held" });
    const [audit] = await auditRowsOf(db().db, "return_bag_scanned");
    expect(audit).toMatchObject({ userId: biller.id, details: { qr, billNumber: bill.billNumber, linkedBefore: 3, linkedAfter: 2 } });

    const detail = await getTicket(as(), { code: t.code });
    expect(detail).toMatchObject({ ticket: { bagsCount: 1, childCount: 5, weightKg: 5 }, bags: [{ qr, state: "held" }] });
    const history = await billReturnHistory(db().db, bill.billNumber.toLowerCase());
    expect(history).toMatchObject([{ kind: "returned", ticketCode: t.code, bagQr: qr, linkedBefore: 3, linkedAfter: 2, actualWeightBeforeKg: 15, actualWeightAfterKg: 10, by: biller.username }]);
    expect(await counterDrift()).toEqual([]);
  });

  it("works on a dispatched bill (its status stays), and a processing bill emptied goes back to new", async () => {
    const dispatched = await completed(2, 4);
    await db().db.update(bills).set({ status: "dispatched", dispatchedAt: new Date() }).where(eq(bills.id, dispatched.id));
    const t = await createTicket(as(), { area: "jaipur" });
    expect(await returnBag(as(), { code: t.code, qr: dispatched.parentQrs[0] })).toMatchObject({ bill: { linkedCount: 1, status: "dispatched" } });

    const open = await makeBill(db().db, biller, labels, { capacity: 3 });
    const p = await makeParent(db().db, labels, { children: 7 });
    await addParentToBill(as(), { billNumber: open.billNumber, qr: p.qr });
    expect(await returnBag(as(), { code: t.code, qr: p.qr })).toMatchObject({ bill: { linkedCount: 0, status: "new" }, ticket: { bagsCount: 2, childCount: 11, weightKg: 11 } });
    expect(await billRow(open.billNumber)).toMatchObject({ linkedCount: 0, status: "new" });
  });

  it("refuses invalid_qr, wrong_type, bag_not_found, duplicate, cross_ticket_duplicate, not_linked, ticket_closed — writing nothing", async () => {
    const bill = await completed(2, 5);
    const [qr, other] = bill.parentQrs as [string, string];
    const t1 = await createTicket(as(), { area: "jaipur" });
    const t2 = await createTicket(as(), { area: "jaipur" });
    await returnBag(as(), { code: t1.code, qr });
    const loose = await makeParent(db().db, labels, { children: 2 });
    const [child] = await db().rows<{ qr: string }>(sql`select qr from bags where type = 'child' limit 1`);
    const before = await state();
    const refusal = (code: string, raw: unknown) => billRefusal(returnBag(as(), { code, qr: raw }));
    expect(await refusal(t1.code, "")).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(await refusal(t1.code, "SB12")).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(await refusal(t1.code, 42)).toMatchObject({ status: 400 });
    expect(await refusal(t1.code, child?.qr)).toMatchObject({ status: 409, code: "wrong_type" });
    expect(await refusal(t1.code, "SB99999")).toMatchObject({ status: 404, code: "bag_not_found" });
    expect(await refusal(t1.code, qr)).toMatchObject({ status: 409, code: "duplicate" });
    expect(await refusal(t2.code, qr)).toMatchObject({ status: 409, code: "cross_ticket_duplicate", message: expect.stringContaining(t1.code) });
    expect(await refusal(t1.code, loose.qr)).toMatchObject({ status: 409, code: "not_linked" });
    expect(await billRefusal(returnBag(as(dispatcher), { code: t1.code, qr: other }))).toMatchObject({ status: 403 });
    expect(await state()).toEqual(before);

    await finalizeTicket(as(), { code: t1.code });
    const closed = await state();
    expect(await refusal(t1.code, other)).toMatchObject({ status: 409, code: "ticket_closed" });
    expect(await state()).toEqual(closed);
  });

  it("a parent held on an open ticket cannot be put on a bill (409 parent_on_return); once finalized it can", async () => {
    const bill = await completed(1, 5);
    const qr = bill.parentQrs[0] as string;
    const t = await createTicket(as(), { area: "jaipur" });
    await returnBag(as(), { code: t.code, qr });
    const target = await makeBill(db().db, biller, labels, { capacity: 2 });
    const before = await state();
    expect(await billRefusal(addParentToBill(as(), { billNumber: target.billNumber, qr }))).toMatchObject({
      status: 409,
      code: "parent_on_return",
      message: expect.stringContaining(t.code),
    });
    expect(await state()).toEqual(before);
    await finalizeTicket(as(), { code: t.code });
    expect(await addParentToBill(as(), { billNumber: target.billNumber, qr })).toMatchObject({ result: "added", linkedCount: 1 });
    expect(await counterDrift()).toEqual([]);
  });
});

describe("finalizeTicket", () => {
  it("refuses an empty ticket (409 empty_ticket), then closes one with bags: held → returned, audited", async () => {
    const t = await createTicket(as(), { area: "jaipur" });
    const before = await state();
    expect(await billRefusal(finalizeTicket(as(), { code: t.code }))).toMatchObject({ status: 409, code: "empty_ticket" });
    expect(await state()).toEqual(before);
    const bill = await completed(2, 5);
    for (const qr of bill.parentQrs) await returnBag(as(), { code: t.code, qr });
    const done = await finalizeTicket(as(admin), { code: t.code });
    expect(done).toMatchObject({ status: "finalized", bagsCount: 2, childCount: 10, weightKg: 10, closedBy: admin.username, closedAt: expect.any(Date) });
    const states = await db().rows<{ state: string }>(sql`select state from return_ticket_bags`);
    expect(states.map((s) => s.state)).toEqual(["returned", "returned"]);
    expect(await billRow(bill.billNumber)).toMatchObject({ linkedCount: 0, status: "completed" });
    expect(await auditRowsOf(db().db, "return_ticket_finalized")).toMatchObject([{ userId: admin.id, details: { bags: 2, childCount: 10 } }]);
    expect(await billRefusal(finalizeTicket(as(), { code: t.code }))).toMatchObject({ status: 409, code: "ticket_closed" });
    expect(await billRefusal(cancelTicket(as(), { code: t.code }))).toMatchObject({ status: 409, code: "ticket_closed" });
  });
});

describe("cancelTicket", () => {
  it("puts every held bag back on its bill: counters restored exactly, restored events, state restored", async () => {
    const a = await completed(3, 5);
    const b = await completed(2, 9);
    const t = await createTicket(as(), { area: "jaipur" });
    const before = await db().rows(sql`select id, linked_count, status from bills order by id`);
    await returnBag(as(), { code: t.code, qr: a.parentQrs[0] });
    await returnBag(as(), { code: t.code, qr: a.parentQrs[2] });
    await returnBag(as(), { code: t.code, qr: b.parentQrs[1] });
    expect(await billRow(a.billNumber)).toMatchObject({ linkedCount: 1 });
    expect(await billRow(b.billNumber)).toMatchObject({ linkedCount: 1 });

    const cancelled = await cancelTicket(as(), { code: t.code });
    expect(cancelled).toMatchObject({ status: "cancelled", bagsCount: 0, childCount: 0, closedBy: biller.username });
    expect(await db().rows(sql`select id, linked_count, status from bills order by id`)).toEqual(before);
    const [onBills] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bill_bags`);
    expect(onBills?.n).toBe(5);
    const held = await db().rows<{ state: string }>(sql`select state from return_ticket_bags`);
    expect(held.map((h) => h.state)).toEqual(["restored", "restored", "restored"]);
    const history = await billReturnHistory(db().db, a.billNumber);
    expect(history.map((e) => `${e.kind} ${e.linkedBefore}→${e.linkedAfter} ${e.actualWeightBeforeKg}→${e.actualWeightAfterKg}`)).toEqual([
      "restored 2→3 10→15",
      "restored 1→2 5→10",
      "returned 2→1 10→5",
      "returned 3→2 15→10",
    ]);
    expect(await auditRowsOf(db().db, "return_ticket_cancelled")).toMatchObject([{ details: { restored: expect.arrayContaining([{ qr: b.parentQrs[1], billNumber: b.billNumber }]) } }]);
    expect(await driftedBills(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("cancels an empty ticket, and restores a processing bill emptied by the return to processing", async () => {
    const empty = await createTicket(as(), { area: "jaipur" });
    expect(await cancelTicket(as(), { code: empty.code })).toMatchObject({ status: "cancelled" });
    const open = await makeBill(db().db, biller, labels, { capacity: 3 });
    const p = await makeParent(db().db, labels, { children: 7 });
    await addParentToBill(as(), { billNumber: open.billNumber, qr: p.qr });
    const t = await createTicket(as(), { area: "jaipur" });
    await returnBag(as(), { code: t.code, qr: p.qr });
    expect(await billRow(open.billNumber)).toMatchObject({ linkedCount: 0, status: "new" });
    await cancelTicket(as(), { code: t.code });
    expect(await billRow(open.billNumber)).toMatchObject({ linkedCount: 1, status: "processing" });
  });

  it("refuses 409 restore_conflict naming the bags when a bill has no room, is deleted, or a bag is elsewhere — writing nothing", async () => {
    // No room: the bill was reopened, given another parent and completed again.
    const full = await completed(2, 5);
    const gone = await completed(1, 3);
    const t = await createTicket(as(), { area: "jaipur" });
    const roomless = full.parentQrs[0] as string;
    await returnBag(as(), { code: t.code, qr: roomless });
    const deletedQr = gone.parentQrs[0] as string;
    await returnBag(as(), { code: t.code, qr: deletedQr });
    await reopenBill(as(), { billNumber: full.billNumber });
    const filler = await makeParent(db().db, labels, { children: 1 });
    await addParentToBill(as(), { billNumber: full.billNumber, qr: filler.qr });
    await deleteBill(as(admin), { billNumber: gone.billNumber });

    const before = await state();
    const refusal = await billRefusal(cancelTicket(as(), { code: t.code }));
    expect(refusal).toMatchObject({ status: 409, code: "restore_conflict" });
    expect(refusal.message).toContain(roomless);
    expect(refusal.message).toContain(deletedQr);
    expect(refusal.message).toMatch(/no room/);
    expect(refusal.message).toMatch(/deleted/);
    expect(refusal.message).toMatch(/Finalize/);
    expect(refusal.fields?.bags).toHaveLength(2);
    expect(await state()).toEqual(before);

    // A bag on another bill meanwhile (put there behind the checks' back, as an import might).
    await removeParentFromBill(as(), { billNumber: full.billNumber, qr: filler.qr });
    const t2 = await createTicket(as(), { area: "jaipur" });
    const elsewhere = await completed(1, 2);
    await returnBag(as(), { code: t2.code, qr: elsewhere.parentQrs[0] });
    const other = await makeBill(db().db, biller, labels, { capacity: 2 });
    await db().rows(sql`insert into bill_bags (bill_id, bag_id) select b.id, g.id from bills b, bags g where b.bill_number = ${other.billNumber} and g.qr = ${elsewhere.parentQrs[0]}`);
    await db().rows(sql`update bills set linked_count = 1, status = 'processing' where bill_number = ${other.billNumber}`);
    const before2 = await state();
    const again = await billRefusal(cancelTicket(as(), { code: t2.code }));
    expect(again).toMatchObject({ status: 409, code: "restore_conflict", message: expect.stringContaining(`now on bill ${other.billNumber}`) });
    expect(await state()).toEqual(before2);
    // Finalizing is still possible.
    expect(await finalizeTicket(as(), { code: t2.code })).toMatchObject({ status: "finalized" });
  });
});
