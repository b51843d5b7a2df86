import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DELETE as deleteBagRoute } from "@/app/api/bag/[qr]/route";
import { bags, bills, links, returnTicketBags, returnTickets } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { deleteBag } from "@/lib/server/bags/delete";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import { scanChild } from "@/lib/server/scan/scan-child";
import { reconcileStats } from "@/lib/server/stats/reconcile";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import {
  auditRowsOf,
  billRefusal,
  countTable,
  driftedBills,
  labelMaker,
  makeBill,
  makeParent,
  truncateBillData,
  type BillTestUser,
} from "../support/bill-factories";
import { ctxOf, routeSessionOf, settle } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";
import { driftedFollows } from "../support/scan";

// No Redis: the in-process stats store and de-duplication window (no keys shared with other files).
delete process.env.REDIS_URL;

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(2);
const store = createMemoryStatsStore();

let admin: BillTestUser;
let biller: BillTestUser;
let dispatcher: BillTestUser;

const adminCtx = () => ctxOf(db().db, admin);

/** Parents whose child_count disagrees with their links (should be none). */
async function driftedParents() {
  return db().rows<{ qr: string; child_count: number; links: number }>(sql`
    select p.qr, p.child_count, count(l.id)::int as links
    from bags p left join links l on l.parent_bag_id = p.id
    where p.type = 'parent'
    group by p.id
    having p.child_count <> count(l.id)
      or p.status <> case when count(l.id) = 0 then 'pending' when count(l.id) >= p.capacity then 'completed' else 'in_progress' end
         and p.finished_at is null`);
}

/** Every counter equals its rows: parents' child_count, bills' linked_count and status, the stats store. */
async function expectCountersExact() {
  expect(await driftedParents()).toEqual([]);
  expect(await driftedBills(db())).toEqual([]);
  expect(await driftedFollows(db())).toEqual([]);
  expect((await reconcileStats(db().db, store)).drift).toBe(0);
}

/** The stats store as the fixtures left the database (they insert bags directly, without bumps). */
async function baseline() {
  await reconcileStats(db().db, store);
}

async function bagRow(qr: string) {
  const [row] = await db().db.select({ id: bags.id, childCount: bags.childCount, status: bags.status, finishedAt: bags.finishedAt }).from(bags).where(eq(bags.qr, qr));
  return row;
}

async function billRow(billNumber: string) {
  const [row] = await db().db.select({ linkedCount: bills.linkedCount, status: bills.status }).from(bills).where(eq(bills.billNumber, billNumber));
  return row;
}

async function childQrsOf(parentId: number) {
  const rows = await db().db.select({ qr: bags.qr }).from(links).innerJoin(bags, eq(bags.id, links.childBagId)).where(eq(links.parentBagId, parentId)).orderBy(bags.qr);
  return rows.map((r) => r.qr);
}

/** A bill holding `parents`, processing (or completed when `complete`). */
async function billWith(parents: { qr: string }[], options: { complete?: boolean; capacity?: number } = {}) {
  const bill = await makeBill(db().db, biller, labels, { capacity: options.capacity ?? Math.max(parents.length, 1) });
  for (const p of parents) await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: p.qr });
  if (options.complete) await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
  return bill;
}

beforeAll(async () => {
  setStatsStore(store);
  await truncateAll(db());
  admin = await makeUser(db().db, "admin");
  biller = await makeUser(db().db, "biller");
  dispatcher = await makeUser(db().db, "dispatcher", "lucknow");
});

beforeEach(async () => {
  await truncateBillData(db());
  await db().rows(sql`truncate table return_tickets, return_ticket_bags, bill_return_events, gate_passes restart identity cascade`);
  await reconcileStats(db().db, store);
  session.user = null;
});

describe("deleting a bag keeps every counter exact", () => {
  it("deletes a child: its full parent drops to 29 and reopens, the bill keeps its parent, audited", async () => {
    const parent = await makeParent(db().db, labels, { children: 30 });
    const bill = await billWith([parent], { capacity: 2 });
    const [victim] = await childQrsOf(parent.id);
    await baseline();
    const result = await deleteBag(adminCtx(), { qr: ` ${victim?.toLowerCase()} ` });
    expect(result).toMatchObject({ deleted: { qr: victim, type: "child" }, parent: { qr: parent.qr, childCount: 29, status: "in_progress" }, freedChildren: [] });
    expect(result.message).toContain("29 children");
    expect(await bagRow(victim ?? "")).toBeUndefined();
    expect(await bagRow(parent.qr)).toMatchObject({ childCount: 29, status: "in_progress" });
    expect(await billRow(bill.billNumber)).toMatchObject({ linkedCount: 1, status: "processing" });
    const [row] = await auditRowsOf(db().db, "bag_deleted");
    expect(row).toMatchObject({ userId: admin.id, critical: true, before: { qr: victim, type: "child", area: "lucknow", parent: parent.qr, bill: bill.billNumber, childCount: 0 } });
    const [unlinked] = await auditRowsOf(db().db, "child_unlinked");
    expect(unlinked?.details).toMatchObject({ childQr: victim, reason: "delete" });
    await expectCountersExact();
  });

  it("deletes a child of a parent finished below capacity: the parent reopens, as a removal would", async () => {
    const parent = await makeParent(db().db, labels, { children: 12 });
    await db().db.update(bags).set({ status: "completed", finishedAt: new Date(), finishedBy: admin.id, finishReason: "Short lot" }).where(eq(bags.id, parent.id));
    const [victim] = await childQrsOf(parent.id);
    await baseline();
    await deleteBag(adminCtx(), { qr: victim });
    expect(await bagRow(parent.qr)).toMatchObject({ childCount: 11, status: "in_progress", finishedAt: null });
    await expectCountersExact();
  });

  it("deletes a free child (in no parent)", async () => {
    await db().db.insert(bags).values({ qr: "2999001", type: "child", dispatchArea: "indore" });
    await reconcileStats(db().db, store);
    const result = await deleteBag(adminCtx(), { qr: "2999001" });
    expect(result).toMatchObject({ deleted: { type: "child" }, parent: null, bill: null });
    expect(await countTable(db(), "bags")).toBe(0);
    await expectCountersExact();
  });

  it("deletes a parent on a bill with children: the bill drops to one parent, the children stay, free", async () => {
    const keep = await makeParent(db().db, labels, { children: 3 });
    const parent = await makeParent(db().db, labels, { children: 4 });
    const bill = await billWith([keep, parent]);
    const children = await childQrsOf(parent.id);
    await baseline();
    const result = await deleteBag(adminCtx(), { qr: parent.qr });
    expect(result).toMatchObject({ deleted: { qr: parent.qr, type: "parent" }, bill: { billNumber: bill.billNumber, linkedCount: 1, status: "processing" }, freedChildren: children });
    expect(result.message).toMatch(/4 children are now in no parent/);
    expect(await bagRow(parent.qr)).toBeUndefined();
    for (const qr of children) expect(await bagRow(qr)).toBeDefined();
    expect(await db().db.select().from(links).where(sql`${links.childBagId} in (select id from bags where qr in ${children})`)).toEqual([]);
    expect(await billRow(bill.billNumber)).toMatchObject({ linkedCount: 1, status: "processing" });
    const [removed] = await auditRowsOf(db().db, "bill_parent_removed").then((rows) => rows.slice(-1));
    expect(removed?.details).toMatchObject({ parentQr: parent.qr, reason: "bag_deleted" });
    const [row] = await auditRowsOf(db().db, "bag_deleted");
    expect(row?.before).toMatchObject({ qr: parent.qr, type: "parent", area: "lucknow", parent: null, bill: bill.billNumber, childCount: 4 });
    expect(row?.details).toMatchObject({ freedChildren: children });
    await expectCountersExact();
  });

  it("deletes the last parent of a bill: the bill goes back to new", async () => {
    const parent = await makeParent(db().db, labels, { children: 0 });
    const bill = await billWith([parent]);
    await baseline();
    await deleteBag(adminCtx(), { qr: parent.qr });
    expect(await billRow(bill.billNumber)).toEqual({ linkedCount: 0, status: "new" });
    await expectCountersExact();
  });
});

describe("deleting a bag is refused, and nothing is written", () => {
  async function refused(qr: unknown, ctx = adminCtx()) {
    const bagsBefore = await countTable(db(), "bags");
    const auditBefore = await countTable(db(), "audit_log");
    const refusal = await billRefusal(deleteBag(ctx, { qr }));
    expect(await countTable(db(), "bags")).toBe(bagsBefore);
    expect(await countTable(db(), "audit_log")).toBe(auditBefore);
    return refusal;
  }

  it("on a completed bill (parent, and a child in it): 409 bill_completed; dispatched: 409 bill_dispatched", async () => {
    const parent = await makeParent(db().db, labels, { children: 2 });
    const bill = await billWith([parent], { complete: true });
    await baseline();
    expect(await refused(parent.qr)).toMatchObject({ status: 409, code: "bill_completed" });
    const [child] = await childQrsOf(parent.id);
    expect(await refused(child)).toMatchObject({ status: 409, code: "bill_completed" });
    await db().db.update(bills).set({ status: "dispatched", dispatchedAt: new Date() }).where(eq(bills.billNumber, bill.billNumber));
    await baseline();
    expect(await refused(parent.qr)).toMatchObject({ status: 409, code: "bill_dispatched" });
    expect(await refused(child)).toMatchObject({ status: 409, code: "bill_dispatched" });
    await expectCountersExact();
  });

  it("a parent on a return ticket, or a child of one: 409 bag_on_return", async () => {
    const parent = await makeParent(db().db, labels, { children: 2 });
    const [ticket] = await db().db.insert(returnTickets).values({ code: "RTN-20261120-0001", area: "lucknow", bagsCount: 1, childCount: 2 }).returning({ id: returnTickets.id });
    await db().db.insert(returnTicketBags).values({ ticketId: ticket?.id ?? 0, bagId: parent.id, bagQr: parent.qr, billNumber: "B-OLD", childCount: 2 });
    const onTicket = await refused(parent.qr);
    expect(onTicket).toMatchObject({ status: 409, code: "bag_on_return" });
    expect(onTicket.message).toContain("RTN-20261120-0001");
    const [child] = await childQrsOf(parent.id);
    expect(await refused(child)).toMatchObject({ status: 409, code: "bag_on_return" });
  });

  it("unknown bag 404, bad input 400, a biller or dispatcher 403", async () => {
    expect(await refused("SB99999")).toMatchObject({ status: 404, code: "bag_not_found" });
    expect(await refused("x")).toMatchObject({ status: 404, code: "bag_not_found" });
    expect(await refused("SB\u000012345")).toMatchObject({ status: 400 });
    expect(await refused(42)).toMatchObject({ status: 400 });
    const parent = await makeParent(db().db, labels, { children: 1 });
    expect(await refused(parent.qr, ctxOf(db().db, biller))).toMatchObject({ status: 403 });
    expect(await refused(parent.qr, ctxOf(db().db, dispatcher))).toMatchObject({ status: 403 });
  });

  it("DELETE /api/bag/[qr]: an admin deletes, a dispatcher gets 403", async () => {
    const parent = await makeParent(db().db, labels, { children: 1 });
    const call = (qr: string) => deleteBagRoute(new Request(`http://localhost/api/bag/${qr}`, { method: "DELETE" }), { params: Promise.resolve({ qr }) });
    session.user = routeSessionOf(dispatcher);
    expect((await call(parent.qr)).status).toBe(403);
    session.user = routeSessionOf(admin);
    const res = await call(parent.qr);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ deleted: { qr: parent.qr, type: "parent" }, freedChildren: [expect.any(String)] });
    expect((await call(parent.qr)).status).toBe(404);
    expect((await call("%00")).status).toBe(400);
  });
});

describe.skipIf(!usingPostgres)("deleting bags while others work on them (PostgreSQL)", () => {
  it("deletes children while a station scans more into the same parent: child_count equals its links", async () => {
    for (let round = 0; round < 3; round += 1) {
      const parent = await makeParent(db().db, labels, { children: 10 });
      await reconcileStats(db().db, store);
      const victims = (await childQrsOf(parent.id)).slice(0, 5);
      const fresh = Array.from({ length: 15 }, () => labels.child());
      // Warm the pool so the calls really overlap.
      await Promise.all(Array.from({ length: 20 }, () => db().db.execute(sql`select 1`)));
      const outcomes = await Promise.all([
        ...fresh.map((qr) => settle(scanChild(ctxOf(db().db, dispatcher), { parentQr: parent.qr, qr }))),
        ...victims.map((qr) => settle(deleteBag(adminCtx(), { qr }))),
      ]);
      expect(outcomes.filter((o) => "code" in o)).toEqual([]);
      expect(await bagRow(parent.qr)).toMatchObject({ childCount: 20 });
      expect(await childQrsOf(parent.id)).toHaveLength(20);
      await expectCountersExact();
    }
  });

  it("deletes parents while a biller adds and removes them on a bill: linked_count equals its rows", async () => {
    for (let round = 0; round < 3; round += 1) {
      const onBill = await Promise.all(Array.from({ length: 4 }, () => makeParent(db().db, labels, { children: 2 })));
      const loose = await Promise.all(Array.from({ length: 4 }, () => makeParent(db().db, labels, { children: 1 })));
      const bill = await billWith(onBill, { capacity: 10 });
      await reconcileStats(db().db, store);
      await Promise.all(Array.from({ length: 20 }, () => db().db.execute(sql`select 1`)));
      const billerCtx = () => ctxOf(db().db, biller);
      const outcomes = await Promise.all([
        ...loose.map((p) => settle(addParentToBill(billerCtx(), { billNumber: bill.billNumber, qr: p.qr }))),
        ...onBill.slice(0, 2).map((p) => settle(removeParentFromBill(billerCtx(), { billNumber: bill.billNumber, qr: p.qr }))),
        ...[...loose, ...onBill].map((p) => settle(deleteBag(adminCtx(), { qr: p.qr }))),
      ]);
      // Each call either did its work or lost to a deletion with the expected code; nothing crashed.
      const codes = outcomes.flatMap((o) => ("code" in o ? [o.code] : []));
      expect(codes.every((c) => ["parent_not_found", "not_on_bill"].includes(c)), codes.join(", ")).toBe(true);
      expect(await countTable(db(), "bags")).toBe((await db().rows<{ n: number }>(sql`select count(*)::int as n from bags where type = 'child'`))[0]?.n);
      expect(await billRow(bill.billNumber)).toEqual({ linkedCount: 0, status: "new" });
      await expectCountersExact();
      await truncateBillData(db());
      await reconcileStats(db().db, store);
    }
  });
});

