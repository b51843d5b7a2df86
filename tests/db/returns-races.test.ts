import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bills } from "@/db/schema";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import { AppError } from "@/lib/server/errors";
import { getRedis } from "@/lib/server/redis";
import { cancelTicket } from "@/lib/server/returns/cancel";
import { returnBag } from "@/lib/server/returns/scan";
import { scanChild } from "@/lib/server/scan/scan-child";
import { undoLastScan } from "@/lib/server/scan/undo";
import { createTicket } from "@/lib/server/returns/tickets";
import { labelMaker, makeBill, makeParent, truncateBillData, type MadeParent } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill } from "../support/pass-factories";
import { driftedFollows, driftedParents } from "../support/scan";

// Races run where they are real: PostgreSQL with a connection pool (PGlite has one connection).
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) process.env.REDIS_URL = redisUrl;
else delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(9);

type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;
let admin: User;
let station: User;

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

/** Bills whose linked_count is not count(bill_bags) (or whose status contradicts it): should be none. */
async function counterDrift() {
  return db().rows(sql`select b.bill_number, b.linked_count, count(bb.id)::int as rows, b.status from bills b
    left join bill_bags bb on bb.bill_id = b.id group by b.id
    having b.linked_count <> count(bb.id) or count(bb.id) > b.capacity
      or (b.status = 'new' and count(bb.id) <> 0) or (b.status = 'processing' and count(bb.id) = 0)`);
}

/** Tickets whose counters are not their held/returned rows, and parents both held and on a bill. */
async function ticketDrift() {
  return db().rows(sql`select t.code, t.bags_count, t.child_count from return_tickets t
      left join return_ticket_bags r on r.ticket_id = t.id and r.state in ('held', 'returned')
      group by t.id having t.bags_count <> count(r.id) or t.child_count <> coalesce(sum(r.child_count), 0)
    union all
    select 'held and billed: ' || r.bag_qr, 0, 0 from return_ticket_bags r join bill_bags bb on bb.bag_id = r.bag_id where r.state = 'held'`);
}

const as = (user: User = biller) => ctxOf(db().db, user);

/** A bill of `capacity` holding `n` new parents of `children` children each, put on through the verb. */
async function billOfParents(capacity: number, n: number, children: number) {
  const bill = await makeBill(db().db, biller, labels, { capacity });
  const parents: MadeParent[] = [];
  for (let i = 0; i < n; i += 1) {
    const p = await makeParent(db().db, labels, { children });
    await addParentToBill(as(), { billNumber: bill.billNumber, qr: p.qr });
    parents.push(p);
  }
  return { bill, parents };
}

describe.skipIf(!usingPostgres)("return ticket races on PostgreSQL", () => {
  beforeAll(async () => {
    await truncateAll(db());
    biller = await makeUser(db().db, "biller");
    admin = await makeUser(db().db, "admin");
    station = await makeUser(db().db, "dispatcher", "lucknow");
    // Warm the pool: the first round's connections are not what is measured.
    await Promise.all(Array.from({ length: 20 }, () => db().rows(sql`select 1`)));
  });
  beforeEach(async () => {
    await truncateBillData(db());
    await db().rows(sql`truncate table return_tickets, return_ticket_days, bill_return_events restart identity cascade`);
  });
  afterAll(async () => {
    await getRedis()?.quit();
  });

  it("returns one parent scanned on 10 open tickets at once exactly once; the others are refused", async () => {
    for (let round = 0; round < 3; round += 1) {
      const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 4 });
      const tickets = await Promise.all(Array.from({ length: 10 }, () => createTicket(as(), { area: "jaipur" })));
      const qr = bill.parentQrs[0] as string;
      const { values, refusals } = await settle(tickets.map((t) => returnBag(as(), { code: t.code, qr })));
      expect(values.map((v) => v.result)).toEqual(["returned"]);
      expect(refusals).toHaveLength(9);
      for (const r of refusals) expect(["409 cross_ticket_duplicate", "409 not_linked"]).toContain(r);
      const [held] = await db().rows<{ n: number }>(sql`select count(*)::int as n from return_ticket_bags r join bags b on b.id = r.bag_id where b.qr = ${qr}`);
      expect(held?.n).toBe(1);
      const [row] = await db().db.select({ linkedCount: bills.linkedCount }).from(bills).where(eq(bills.id, bill.id));
      expect(row?.linkedCount).toBe(1);
      const [events] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bill_return_events where bill_id = ${bill.id}`);
      expect(events?.n).toBe(1);
    }
    // Ticket codes were numbered without gaps or duplicates under the concurrent creates.
    const [codes] = await db().rows<{ n: number; distinct: number }>(sql`select count(*)::int as n, count(distinct code)::int as distinct from return_tickets`);
    expect(codes).toEqual({ n: 30, distinct: 30 });
    expect(await counterDrift()).toEqual([]);
    expect(await ticketDrift()).toEqual([]);
  });

  it("keeps linked_count == count(bill_bags) when returns race removals and adds on one bill", async () => {
    for (let round = 0; round < 3; round += 1) {
      const bill = await makeBill(db().db, biller, labels, { capacity: 60 });
      const onBill: MadeParent[] = [];
      for (let i = 0; i < 30; i += 1) {
        const p = await makeParent(db().db, labels, { children: i % 7 });
        await addParentToBill(as(), { billNumber: bill.billNumber, qr: p.qr });
        onBill.push(p);
      }
      const loose: MadeParent[] = [];
      for (let i = 0; i < 15; i += 1) loose.push(await makeParent(db().db, labels, { children: 3 }));
      const tickets = await Promise.all(Array.from({ length: 3 }, () => createTicket(as(), { area: "jaipur" })));
      // Parents 0–19 are returned (10–19 also removed at once: one of the two wins), 20–29 removed, loose ones added.
      const work: (() => Promise<unknown>)[] = [
        ...onBill.slice(0, 20).map((p, i) => () => returnBag(as(), { code: tickets[i % 3]?.code, qr: p.qr })),
        ...onBill.slice(10, 30).map((p) => () => removeParentFromBill(as(), { billNumber: bill.billNumber, qr: p.qr })),
        ...loose.map((p) => () => addParentToBill(as(), { billNumber: bill.billNumber, qr: p.qr })),
      ];
      const { refusals } = await settle(shuffle(work).map((w) => w()));
      for (const r of refusals) expect(["409 not_linked", "404 not_on_bill"]).toContain(r);
      // Each of parents 10–19: returned or removed, never both.
      expect(refusals).toHaveLength(10);
      const [row] = await db().db.select({ id: bills.id, linkedCount: bills.linkedCount, status: bills.status }).from(bills).where(eq(bills.billNumber, bill.billNumber));
      expect(row).toMatchObject({ linkedCount: 15, status: "processing" });
      const [held] = await db().rows<{ n: number }>(sql`select count(*)::int as n from return_ticket_bags where bill_id = ${row?.id}`);
      expect(held?.n).toBeGreaterThanOrEqual(10);
      const [events] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bill_return_events where bill_id = ${row?.id}`);
      expect(events?.n).toBe(held?.n);
      expect(await counterDrift()).toEqual([]);
      expect(await ticketDrift()).toEqual([]);
      // The events' before/after chain is gapless: each return saw the count the previous change left.
      const chain = await db().rows<{ linked_before: number; linked_after: number }>(sql`select linked_before, linked_after from bill_return_events where bill_id = ${row?.id} order by id`);
      for (const e of chain) expect(e.linked_after).toBe(e.linked_before - 1);
    }
  });

  it("a return racing completeBill: either completes at capacity then the return goes through, or below_capacity", async () => {
    for (let round = 0; round < 10; round += 1) {
      const { bill, parents } = await billOfParents(3, 3, 5);
      const t = await createTicket(as(), { area: "jaipur" });
      const { values, refusals } = await settle<unknown>([
        returnBag(as(), { code: t.code, qr: parents[0]?.qr }),
        completeBill(as(admin), { billNumber: bill.billNumber }),
      ]);
      const [row] = await db().db.select({ linkedCount: bills.linkedCount, status: bills.status }).from(bills).where(eq(bills.billNumber, bill.billNumber));
      expect(row?.linkedCount).toBe(2);
      if (refusals.length === 1) {
        expect(refusals).toEqual(["409 below_capacity"]);
        expect(row?.status).toBe("processing");
      } else {
        expect(values).toHaveLength(2);
        expect(row?.status).toBe("completed");
      }
    }
    expect(await counterDrift()).toEqual([]);
    expect(await ticketDrift()).toEqual([]);
  });

  // A return locks bill → parent; a scan or undo into a billed parent locks parent → bill when it
  // re-reads a parent another station just changed. PostgreSQL breaks such a deadlock by aborting
  // one side, which runs again (retryDeadlocks) instead of answering 500.
  it("returns and removals racing scans and undos into the same billed parents: only domain answers, every count kept", async () => {
    for (let round = 0; round < 6; round += 1) {
      const { bill, parents } = await billOfParents(5, 3, 2);
      const [returned, removed, kept] = parents as [MadeParent, MadeParent, MadeParent];
      const t = await createTicket(as(), { area: "lucknow" });
      const scans = (parent: MadeParent, n: number) => Array.from({ length: n }, () => () => scanChild(as(station), { parentQr: parent.qr, qr: labels.child() }));
      const work: (() => Promise<unknown>)[] = [
        ...scans(returned, 6),
        ...scans(removed, 4),
        ...scans(kept, 4),
        () => undoLastScan(as(station), { parentQr: returned.qr }),
        () => undoLastScan(as(station), { parentQr: kept.qr }),
        () => returnBag(as(), { code: t.code, qr: returned.qr }),
        () => removeParentFromBill(as(), { billNumber: bill.billNumber, qr: removed.qr }),
      ];
      // settle fails the test on anything but an AppError: a deadlock answered 500 would.
      const { values } = await settle(shuffle(work).map((w) => w()));
      expect(values.some((v) => (v as { result?: string }).result === "returned")).toBe(true);
      const [row] = await db().db.select({ linkedCount: bills.linkedCount, status: bills.status }).from(bills).where(eq(bills.billNumber, bill.billNumber));
      expect(row).toEqual({ linkedCount: 1, status: "processing" });
      const onBill = await db().rows<{ qr: string }>(
        sql`select b.qr from bill_bags bb join bags b on b.id = bb.bag_id join bills on bills.id = bb.bill_id where bills.bill_number = ${bill.billNumber}`,
      );
      expect(onBill).toEqual([{ qr: kept.qr }]);
    }
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
    expect(await counterDrift()).toEqual([]);
    expect(await ticketDrift()).toEqual([]);
  });

  it("a cancel racing an add of its held parent onto another bill: the parent ends on exactly one bill", async () => {
    for (let round = 0; round < 10; round += 1) {
      const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 3 });
      const other = await makeBill(db().db, biller, labels, { capacity: 5 });
      const t = await createTicket(as(), { area: "jaipur" });
      const qr = bill.parentQrs[0] as string;
      await returnBag(as(), { code: t.code, qr });
      const { refusals } = await settle<unknown>([
        cancelTicket(as(), { code: t.code }),
        addParentToBill(as(), { billNumber: other.billNumber, qr }),
      ]);
      // While held the add is refused; once restored it is on the original bill.
      expect(refusals).toHaveLength(1);
      expect(["409 parent_on_return", "409 on_other_bill"]).toContain(refusals[0]);
      const rows = await db().rows<{ bill_id: number }>(sql`select bb.bill_id::int as bill_id from bill_bags bb join bags b on b.id = bb.bag_id where b.qr = ${qr}`);
      expect(rows).toEqual([{ bill_id: bill.id }]);
    }
    expect(await counterDrift()).toEqual([]);
    expect(await ticketDrift()).toEqual([]);
  });
});
