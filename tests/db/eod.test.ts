import { and, eq, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as eodRoute } from "@/app/api/reports/eod/route";
import { auditLog, bills, gatePasses, outbox, returnTicketBags, returnTickets, users } from "@/db/schema";
import type { EodSummary } from "@/lib/dto/reports";
import { EnvError, parseEnv } from "@/lib/server/env";
import { addParentToBill } from "@/lib/server/bills/parents";
import type { SessionUser } from "@/lib/server/auth/session";
import { memorySlotClaimer, redisSlotClaimer, type SlotClaimer } from "@/lib/server/backups/scheduler";
import { buildEodSummary, eodSummary } from "@/lib/server/reports/eod";
import { eodSubject, mailEodSummary, scheduledEodSent, sendEodNow } from "@/lib/server/reports/eod-mail";
import { createEodScheduler } from "@/lib/server/reports/eod-scheduler";
import { systemContext } from "@/lib/server/service";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { istDay } from "@/lib/time";
import { billRefusal, labelMaker, makeBill, makeParent, type BillTestUser } from "../support/bill-factories";
import { ctxOf, routeSessionOf } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill, makePass } from "../support/pass-factories";

// The verbs run without Redis (no de-duplication keys shared with other files); the scheduler's
// election gets its own Redis client on the PostgreSQL + Redis tier.
const redisUrl = process.env.TEST_REDIS_URL;
delete process.env.REDIS_URL;

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(9);

// D = 2026-11-20 (IST). Its IST day is [2026-11-19T18:30Z, 2026-11-20T18:30Z): a server on UTC
// would count the bills of D-1 23:55 IST and miss those of D 00:05 IST.
const D = "2026-11-20";
const ist = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+05:30`);

let admin: BillTestUser;
let biller: BillTestUser;
let quietBiller: BillTestUser;
let dispatcher: BillTestUser;

async function setEmail(user: BillTestUser, email: string | null) {
  await db().db.update(users).set({ email }).where(eq(users.id, user.id));
}

async function createdAt(billNumber: string, at: Date) {
  await db().db.update(bills).set({ createdAt: at }).where(eq(bills.billNumber, billNumber));
}

/** A parent bag on its own, then held/returned on a ticket directly (the return verbs are another helper's). */
async function makeTicket(code: string, status: "finalized" | "cancelled" | "open", created: Date, closed: Date | null, parents: { id: number; qr: string; childCount: number }[]) {
  const [ticket] = await db()
    .db.insert(returnTickets)
    .values({
      code,
      area: "lucknow",
      status,
      createdAt: created,
      closedAt: closed,
      bagsCount: status === "cancelled" ? 0 : parents.length,
      childCount: status === "cancelled" ? 0 : parents.reduce((n, p) => n + p.childCount, 0),
      createdBy: biller.id,
    })
    .returning({ id: returnTickets.id });
  if (!ticket) throw new Error("no ticket");
  const state = status === "finalized" ? "returned" : status === "cancelled" ? "restored" : "held";
  for (const p of parents) {
    await db().db.insert(returnTicketBags).values({ ticketId: ticket.id, bagId: p.id, bagQr: p.qr, billNumber: "GONE-1", childCount: p.childCount, state });
  }
  return ticket.id;
}

/** The day D as a warehouse had it, plus rows just outside it on both sides of IST midnight. */
async function seedDay() {
  // Completed on D 00:05 IST by the biller, 2 SB parents × 5 children, its truck left on D 10:00 (pass used).
  const a = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 5 });
  await createdAt(a.billNumber, ist(D, "00:05"));
  const pass = await makePass(db().db, { billNumber: a.billNumber, issuer: biller, labels });
  await db().db.update(gatePasses).set({ usedAt: ist(D, "10:00"), usedBy: admin.id }).where(eq(gatePasses.code, pass.code));
  await db().db.update(bills).set({ status: "dispatched", dispatchedAt: ist(D, "10:00") }).where(eq(bills.id, a.id));
  // Processing on D 23:55 IST by the admin: one M444 parent with 10 children.
  const b = await makeBill(db().db, admin, labels, { capacity: 3 });
  const m444 = await makeParent(db().db, labels, { kind: "M444", children: 10 });
  await addParentToBill(ctxOf(db().db, admin), { billNumber: b.billNumber, qr: m444.qr });
  await createdAt(b.billNumber, ist(D, "23:55"));
  // New on D 12:00 by a biller without an e-mail.
  const c = await makeBill(db().db, quietBiller, labels);
  await createdAt(c.billNumber, ist(D, "12:00"));
  // Outside D: D-1 23:55 IST (= D 18:25 UTC the day before) and D+1 00:05 IST (= D 18:35 UTC).
  const before = await makeBill(db().db, biller, labels);
  await createdAt(before.billNumber, ist("2026-11-19", "23:55"));
  const after = await makeBill(db().db, biller, labels);
  await createdAt(after.billNumber, ist("2026-11-21", "00:05"));
  // Returns: one ticket opened and finalized on D (a parent of 7 children), one opened D-1 and cancelled on D.
  const returned = await makeParent(db().db, labels, { children: 7 });
  await makeTicket("RTN-20261120-0001", "finalized", ist(D, "09:00"), ist(D, "11:00"), [returned]);
  const restored = await makeParent(db().db, labels, { children: 4 });
  await makeTicket("RTN-20261119-0001", "cancelled", ist("2026-11-19", "15:00"), ist(D, "08:00"), [restored]);
  // A pass used on D+1 does not count.
  const other = await makeCompletedBill(db().db, { actor: biller, labels, parents: 1, children: 3 });
  const late = await makePass(db().db, { billNumber: other.billNumber, issuer: biller, labels });
  await db().db.update(gatePasses).set({ usedAt: ist("2026-11-21", "00:10") }).where(eq(gatePasses.code, late.code));
  await createdAt(other.billNumber, ist("2026-11-21", "00:20"));
  return { a, b, c };
}

beforeAll(async () => {
  setStatsStore(createMemoryStatsStore());
  await truncateAll(db());
  admin = await makeUser(db().db, "admin");
  biller = await makeUser(db().db, "biller");
  quietBiller = await makeUser(db().db, "biller");
  dispatcher = await makeUser(db().db, "dispatcher");
  await setEmail(admin, "boss@example.com");
  await setEmail(biller, "biller@example.com");
  await setEmail(dispatcher, "floor@example.com");
});

beforeEach(async () => {
  await db().rows(sql`truncate table audit_log, scans, bill_bags, bills, links, bags, gate_passes, gate_pass_days, return_tickets, return_ticket_bags, return_ticket_days, outbox restart identity cascade`);
  session.user = null;
});

describe("end-of-day summary of one IST day", () => {
  it("counts the day's bills by status and by user, their parents, children and weights, returns and used passes", async () => {
    const { a, b, c } = await seedDay();
    const s = await eodSummary(ctxOf(db().db, biller), { date: D });
    expect(s.report_date).toBe(D);
    expect(s.total_bills).toBe(3);
    expect(s.bills_by_status).toEqual({ new: 1, processing: 1, completed: 0, dispatched: 1 });
    expect(s.bills_by_user).toEqual({ [biller.username]: 1, [admin.username]: 1, [quietBiller.username]: 1 });
    expect(s.total_parent_bags).toBe(3);
    expect(s.total_child_bags).toBe(20);
    expect(s.total_weight_kg).toBe(20);
    expect(s.total_expected_weight_kg).toBe(2 * 30 + 15);
    expect(s.detailed_bills.map((d) => d.bill_id)).toEqual([a.billNumber, c.billNumber, b.billNumber]);
    expect(s.detailed_bills[0]).toMatchObject({ created_by: biller.username, status: "dispatched", parent_bags: 2, expected_bags: 2, child_bags: 10, weight_kg: 10 });
    expect(s.detailed_bills[2]).toMatchObject({ created_by: admin.username, status: "processing", parent_bags: 1, expected_bags: 3, child_bags: 10, weight_kg: 10, expected_weight_kg: 15 });
    expect(s.detailed_bills[0]?.created_at).toBe(ist(D, "00:05").toISOString());
    expect(s.returns).toEqual({ tickets: 1, finalized: 1, cancelled: 1, parents_returned: 1, weight_kg: 7 });
    expect(s.gate_passes_used).toBe(1);
  });

  it("puts the bills of 00:05 IST on the day after and 23:55 IST on the day before (IST, not the server's day)", async () => {
    await seedDay();
    const before = await buildEodSummary(db().db, "2026-11-19");
    expect(before.total_bills).toBe(1);
    expect(before.returns).toMatchObject({ tickets: 1, finalized: 0, cancelled: 0 });
    const after = await buildEodSummary(db().db, "2026-11-21");
    expect(after.total_bills).toBe(2);
    expect(after.gate_passes_used).toBe(1);
    const empty = await buildEodSummary(db().db, "2026-11-10");
    expect(empty).toMatchObject({ total_bills: 0, total_parent_bags: 0, detailed_bills: [], gate_passes_used: 0, bills_by_user: {} });
  });

  it.each([
    ["not a day", "20261120"],
    ["an impossible day", "2026-02-30"],
    ["tomorrow (IST)", istDay(new Date(Date.now() + 86_400_000))],
    ["a NUL byte", "2026-11-\u000020"],
    ["too long", "2026-11-20T00:00"],
  ])("refuses %s with 400 naming the date", async (_what, date) => {
    const refusal = await billRefusal(eodSummary(ctxOf(db().db, biller), { date }));
    expect(refusal).toMatchObject({ status: 400, code: "invalid_input" });
    expect(refusal.fields?.date?.join(" ")).toMatch(/Date/);
  });

  it("defaults to today (IST), and reads today when the date is blank", async () => {
    expect((await eodSummary(ctxOf(db().db, biller), {})).report_date).toBe(istDay(new Date()));
    expect((await eodSummary(ctxOf(db().db, biller), { date: "" })).report_date).toBe(istDay(new Date()));
  });

  it("answers GET /api/reports/eod to billers and admins, 403 to a dispatcher, 400 to a future day", async () => {
    await seedDay();
    const get = (query: string) => eodRoute(new Request(`http://localhost/api/reports/eod${query}`));
    session.user = routeSessionOf(biller);
    const ok = await get(`?date=${D}`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as EodSummary;
    expect(body).toMatchObject({ report_date: D, total_bills: 3, total_child_bags: 20, gate_passes_used: 1 });
    session.user = routeSessionOf(admin);
    expect((await get(`?date=${D}`)).status).toBe(200);
    const bad = await get("?date=2999-01-01");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error.message).toMatch(/future/);
    expect((await get("?date=%00")).status).toBe(400);
    session.user = routeSessionOf(dispatcher);
    const refused = await get(`?date=${D}`);
    expect(refused.status).toBe(403);
    session.user = null;
    expect((await get("")).status).toBe(401);
  });
});

describe("end-of-day mail", () => {
  async function mails() {
    return db().db.select({ to: outbox.to, subject: outbox.subject, body: outbox.body }).from(outbox).orderBy(outbox.to);
  }

  it("'Send now' mails every admin and biller with an e-mail (not a dispatcher, not one without), with the figures, audited", async () => {
    await seedDay();
    const sent = await sendEodNow(ctxOf(db().db, admin), { date: D });
    expect(sent).toEqual({ report_date: D, recipients: 2, total_bills: 3 });
    const got = await mails();
    expect(got.map((m) => m.to)).toEqual(["biller@example.com", "boss@example.com"]);
    expect(got[0]?.subject).toBe(`TraceTrack end-of-day summary — ${D}`);
    expect(got[0]?.body).toContain("Bills created: 3");
    expect(got[0]?.body).toContain("Child bags: 20");
    expect(got[0]?.body).toContain("Dispatched: 1");
    expect(got[0]?.body).toContain("Parent bags returned: 1 (7.00 kg)");
    expect(got[0]?.body).toContain("Gate passes used: 1");
    expect(got[0]?.body).toContain(`/reports/eod?date=${D}`);
    const [row] = await db()
      .db.select({ details: auditLog.details, userId: auditLog.userId })
      .from(auditLog)
      .where(eq(auditLog.action, "eod_sent"));
    expect(row).toMatchObject({ userId: admin.id, details: { date: D, trigger: "manual", recipients: 2, failed: 0 } });
    // Sending again (also after the scheduled one) sends again.
    await sendEodNow(ctxOf(db().db, admin), { date: D });
    expect(await mails()).toHaveLength(4);
  });

  it("refuses 'Send now' to a biller (403) and a bad date (400), sending nothing", async () => {
    expect(await billRefusal(sendEodNow(ctxOf(db().db, biller), { date: D }))).toMatchObject({ status: 403 });
    expect(await billRefusal(sendEodNow(ctxOf(db().db, admin), { date: "2999-01-01" }))).toMatchObject({ status: 400 });
    expect(await mails()).toHaveLength(0);
  });

  it("says 'No bills created that day' on an empty day", async () => {
    await mailEodSummary(systemContext(db().db), "2026-11-10", "scheduled");
    const [mail] = await mails();
    expect(mail?.subject).toBe(eodSubject("2026-11-10"));
    expect(mail?.body).toContain("No bills created that day.");
  });
});

describe("end-of-day schedule", () => {
  let redis: Redis | undefined;
  const prefix = `eod-test-${process.pid}-${Date.now()}`;
  beforeAll(() => {
    if (usingPostgres && redisUrl) redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    if (!redis) return;
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  /** Two instances: on the PostgreSQL + Redis tier each has its own Redis claimer; otherwise one shared memory claimer. */
  function claimers(): [SlotClaimer, SlotClaimer] {
    if (redis) return [redisSlotClaimer(redis, prefix), redisSlotClaimer(redis, prefix)];
    const shared = memorySlotClaimer();
    return [shared, shared];
  }

  function instance(claimer: SlotClaimer, now: Date) {
    return createEodScheduler({
      eodTime: "20:00",
      claimer,
      now: () => now,
      sent: (day) => scheduledEodSent(db().db, day),
      send: (day) => mailEodSummary(systemContext(db().db), day, "scheduled"),
    });
  }

  it("sends nothing before EOD_TIME (IST), then exactly once when two instances tick at the same time", async () => {
    await seedDay();
    const [one, two] = claimers();
    const early = [instance(one, ist(D, "19:59")), instance(two, ist(D, "19:59"))];
    expect(await Promise.all(early.map((s) => s.tick()))).toEqual(["early", "early"]);
    expect(await mails()).toHaveLength(0);

    const due = [instance(one, ist(D, "20:00")), instance(two, ist(D, "20:00"))];
    const results = await Promise.all(due.map((s) => s.tick()));
    // One sends; the other either lost the claim or, on a loaded machine, started only after the
    // send was recorded ("done"). The mails and the audit row below show it went out exactly once.
    expect(results.filter((r) => r === "sent")).toHaveLength(1);
    expect(results.filter((r) => r !== "sent")).toEqual([expect.stringMatching(/^(lost|done)$/)]);
    const got = await mails();
    expect(got.map((m) => m.to)).toEqual(["biller@example.com", "boss@example.com"]);
    expect(got.every((m) => m.subject === eodSubject(D))).toBe(true);
    const audits = await db().db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.action, "eod_sent"), sql`${auditLog.details}->>'trigger' = 'scheduled'`));
    expect(audits).toHaveLength(1);

    // The same instances later that evening, and a restarted one (a fresh claimer): nothing more.
    expect(await due[0]?.tick()).toBe("seen");
    expect(await instance(memorySlotClaimer(), ist(D, "23:30")).tick()).toBe("done");
    expect(await mails()).toHaveLength(2);
  });

  async function mails() {
    return db().db.select({ to: outbox.to, subject: outbox.subject }).from(outbox).orderBy(outbox.to);
  }
});

describe("EOD settings", () => {
  it("defaults to 20:00 and on; EOD_MAIL=off turns it off; a bad EOD_TIME names the variable", () => {
    expect(parseEnv({})).toMatchObject({ EOD_TIME: "20:00", eodMail: true });
    expect(parseEnv({ EOD_TIME: "07:30", EOD_MAIL: "off" })).toMatchObject({ EOD_TIME: "07:30", eodMail: false });
    expect(() => parseEnv({ EOD_TIME: "25:00" })).toThrow(EnvError);
    expect(() => parseEnv({ EOD_TIME: "8pm" })).toThrow(/EOD_TIME/);
  });
});

