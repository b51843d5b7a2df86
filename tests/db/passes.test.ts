import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bills, gatePasses } from "@/db/schema";
import type { Tx } from "@/db/client";
import { deleteBill } from "@/lib/server/bills/mutations";
import { audit } from "@/lib/server/audit";
import { nextPassCode } from "@/lib/server/passes/code";
import { readPassCounts } from "@/lib/server/passes/counts";
import { getPass } from "@/lib/server/passes/get";
import { passHistory } from "@/lib/server/passes/history";
import { issuePass } from "@/lib/server/passes/issue";
import { listPasses } from "@/lib/server/passes/list";
import { recordPassPrint } from "@/lib/server/passes/print";
import { revokePass } from "@/lib/server/passes/revoke";
import { verifyPassPayload } from "@/lib/server/passes/signature";
import { getStatsFor } from "@/lib/server/stats/read";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { getEnv } from "@/lib/server/env";
import { istDay } from "@/lib/time";
import { auditRowsOf, billRefusal, labelMaker, makeBill, makeBillRoles, must, truncateBillData, type BillTestUser } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill, makePass } from "../support/pass-factories";

delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(5);
const H = 3_600_000;

let biller: BillTestUser;
let admin: BillTestUser;
let dispatcher: BillTestUser;
let gate: BillTestUser;

beforeAll(async () => {
  ({ biller, admin, dispatcher } = await makeBillRoles(db()));
  gate = await makeUser(db().db, "gate");
  setStatsStore(createMemoryStatsStore());
});
beforeEach(async () => {
  // bills cascades to gate_passes; the day counters are their own table.
  await truncateBillData(db());
  await db().rows(sql`truncate table gate_pass_days`);
});

const as = (user: BillTestUser) => ctxOf(db().db, user);
const completed = () => makeCompletedBill(db().db, { actor: biller, labels });
const todayCode = (n: number) => `GP-${istDay(new Date()).replaceAll("-", "")}-${String(n).padStart(4, "0")}`;
const PASS_INPUT = { driverName: "Ramesh Kumar", driverPhone: "+91 98290-12345", vehicleNumber: "rj-14 gb 1234" };

/** What a refusal must leave alone: the passes, the audit log and the day counters. */
async function snapshot() {
  const [row] = await db().rows<{ passes: number; audit: number; seq: number; states: string }>(sql`select
    (select count(*)::int from gate_passes) as passes,
    (select count(*)::int from audit_log) as audit,
    (select coalesce(sum(last_seq), 0)::int from gate_pass_days) as seq,
    (select coalesce(string_agg(code || ':' || state || ':' || print_count, ',' order by id), '') from gate_passes) as states`);
  return row;
}

async function passRow(code: string) {
  const [row] = await db().db.select().from(gatePasses).where(eq(gatePasses.code, code));
  return must(row);
}

describe("issuePass", () => {
  it("issues an active pass for a completed bill: next code of the IST day, defaults, normalised input, signed payload, audit", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 7, customer: "Agro Traders" });
    const before = Date.now();
    const pass = await issuePass(as(biller), { billNumber: bill.billNumber.toLowerCase(), ...PASS_INPUT, notes: "  Load from dock 3 " });
    expect(pass).toMatchObject({
      code: todayCode(1),
      billNumber: bill.billNumber,
      status: "active",
      state: "active",
      driverName: "Ramesh Kumar",
      driverPhone: "9829012345",
      coDriverName: null,
      coDriverPhone: null,
      vehicleNumber: "RJ14GB1234",
      notes: "Load from dock 3",
      issuedBy: biller.username,
      printCount: 0,
      usedAt: null,
      revokedAt: null,
      bill: { billNumber: bill.billNumber, status: "completed", customer: "Agro Traders", linkedCount: 2, capacity: 2, childCount: 14, actualWeightKg: 14, expectedWeightKg: 60 },
    });
    expect(pass.validFrom.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(pass.validUntil.getTime() - pass.validFrom.getTime()).toBe(12 * H);
    expect(verifyPassPayload(must(pass.payload), getEnv().gatePassSecrets)).toEqual({ ok: true, code: pass.code });

    const [row] = await auditRowsOf(db().db, "pass_issued");
    expect(row).toMatchObject({ actor: biller.username, details: { billNumber: bill.billNumber, vehicle: "RJ14GB1234", validFrom: pass.validFrom.toISOString(), validUntil: pass.validUntil.toISOString() } });
    const [entity] = await db().rows<{ entity_type: string; entity_id: string }>(sql`select entity_type, entity_id from audit_log where action = 'pass_issued'`);
    expect(entity).toEqual({ entity_type: "gate_pass", entity_id: pass.code });
  });

  it("takes a given window, a co-driver and a datetime-local time as IST", async () => {
    const bill = await completed();
    const from = new Date(Date.now() + 2 * H);
    const pass = await issuePass(as(admin), {
      billNumber: bill.billNumber,
      ...PASS_INPUT,
      coDriverName: "Suresh",
      coDriverPhone: "09829012346",
      validFrom: from.toISOString(),
      validUntil: new Date(from.getTime() + 48 * H).toISOString(),
    });
    expect(pass).toMatchObject({ status: "not_yet_valid", coDriverName: "Suresh", coDriverPhone: "9829012346", validFrom: from, issuedBy: admin.username });
    expect(pass.validUntil.getTime() - pass.validFrom.getTime()).toBe(48 * H);
  });

  it("numbers passes of a day without gaps, also across refusals", async () => {
    const [a, b, c] = [await completed(), await completed(), await completed()];
    expect((await issuePass(as(biller), { billNumber: a.billNumber, ...PASS_INPUT })).code).toBe(todayCode(1));
    expect((await billRefusal(issuePass(as(biller), { billNumber: a.billNumber, ...PASS_INPUT }))).code).toBe("pass_exists");
    expect((await billRefusal(issuePass(as(biller), { billNumber: b.billNumber, ...PASS_INPUT, driverPhone: "123" }))).code).toBe("invalid_input");
    expect((await issuePass(as(biller), { billNumber: b.billNumber, ...PASS_INPUT })).code).toBe(todayCode(2));
    expect((await issuePass(as(biller), { billNumber: c.billNumber, ...PASS_INPUT })).code).toBe(todayCode(3));
  });

  it("gives a rolled-back number back: a failed insert (CHECK violation) consumes nothing", async () => {
    const bill = await completed();
    const [billRow] = await db().db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, bill.billNumber));
    const refusedInsert = db().db.transaction(async (tx: Tx) => {
      const code = await nextPassCode(tx, new Date());
      expect(code).toBe(todayCode(1));
      // A phone the table's CHECK refuses: the whole transaction, the counter's bump with it, rolls back.
      await tx.insert(gatePasses).values({ code, billId: must(billRow).id, driverName: "Ramesh", driverPhone: "12", vehicleNumber: "RJ14GB1234", validFrom: new Date(), validUntil: new Date(Date.now() + H) });
    });
    await expect(refusedInsert).rejects.toThrow();
    expect(await db().rows(sql`select * from gate_pass_days`)).toEqual([]);
    expect((await issuePass(as(biller), { billNumber: bill.billNumber, ...PASS_INPUT })).code).toBe(todayCode(1));
  });

  it("refuses a second active pass (409 pass_exists naming it) and changes nothing", async () => {
    const bill = await completed();
    const first = await issuePass(as(biller), { billNumber: bill.billNumber, ...PASS_INPUT });
    const before = await snapshot();
    const refusal = await billRefusal(issuePass(as(admin), { billNumber: bill.billNumber, ...PASS_INPUT, vehicleNumber: "MH12AB1234" }));
    expect(refusal).toMatchObject({ status: 409, code: "pass_exists" });
    expect(refusal.message).toContain(first.code);
    expect(await snapshot()).toEqual(before);
  });

  it("lets a revoked pass be replaced, and supersedes an unused one past its window (stored expired) in the same transaction", async () => {
    const bill = await completed();
    const first = await issuePass(as(biller), { billNumber: bill.billNumber, ...PASS_INPUT });
    await revokePass(as(biller), { code: first.code, reason: "Wrong truck" });
    const second = await issuePass(as(biller), { billNumber: bill.billNumber, ...PASS_INPUT });
    expect(second).toMatchObject({ code: todayCode(2), status: "active" });

    // The second one's window is over, unused: a third pass replaces it.
    await db().db.update(gatePasses).set({ validFrom: new Date(Date.now() - 13 * H), validUntil: new Date(Date.now() - H) }).where(eq(gatePasses.code, second.code));
    const third = await issuePass(as(biller), { billNumber: bill.billNumber, ...PASS_INPUT });
    expect(third.code).toBe(todayCode(3));
    expect(await passRow(second.code)).toMatchObject({ state: "expired", usedAt: null });
    expect(await passRow(first.code)).toMatchObject({ state: "revoked" });
    const issued = await auditRowsOf(db().db, "pass_issued");
    expect(issued.at(-1)?.details).toMatchObject({ superseded: second.code });
    expect(await auditRowsOf(db().db, "pass_superseded")).toHaveLength(1);
  });

  it("refuses a pass for a bill that is new, processing or dispatched (409 bill_not_completed) and an unknown bill (404)", async () => {
    const fresh = await makeBill(db().db, biller, labels);
    const before = await snapshot();
    const refusal = await billRefusal(issuePass(as(biller), { billNumber: fresh.billNumber, ...PASS_INPUT }));
    expect(refusal).toMatchObject({ status: 409, code: "bill_not_completed" });
    expect(refusal.message).toMatch(/is new, not completed/);

    const gone = await completed();
    await db().db.update(bills).set({ status: "dispatched", dispatchedAt: new Date() }).where(eq(bills.billNumber, gone.billNumber));
    const dispatched = await billRefusal(issuePass(as(biller), { billNumber: gone.billNumber, ...PASS_INPUT }));
    expect(dispatched).toMatchObject({ status: 409, code: "bill_not_completed" });
    expect(dispatched.message).toMatch(/already dispatched/);

    expect(await billRefusal(issuePass(as(biller), { billNumber: "NO-SUCH-BILL", ...PASS_INPUT }))).toMatchObject({ status: 404, code: "bill_not_found" });
    expect(await billRefusal(issuePass(as(biller), { billNumber: "../../x", ...PASS_INPUT }))).toMatchObject({ status: 404, code: "bill_not_found" });
    expect((await snapshot())?.passes).toBe(before?.passes);
    expect((await snapshot())?.seq).toBe(0);
  });

  const at = (h: number) => new Date(Date.now() + h * H).toISOString();
  it.each([
    ["a short driver phone", { driverPhone: "12345" }, "driverPhone"],
    ["an 11-digit driver phone", { driverPhone: "98290123456" }, "driverPhone"],
    ["a foreign driver phone", { driverPhone: "+1 2025550123" }, "driverPhone"],
    ["a bad co-driver phone", { coDriverName: "Suresh", coDriverPhone: "98290" }, "coDriverPhone"],
    ["a co-driver phone without a name", { coDriverPhone: "9829012346" }, "coDriverName"],
    ["a co-driver name without a phone", { coDriverName: "Suresh" }, "coDriverPhone"],
    ["no vehicle", { vehicleNumber: "" }, "vehicleNumber"],
    ["a vehicle that is not a registration", { vehicleNumber: "TRUCK 7" }, "vehicleNumber"],
    ["a one-letter driver name", { driverName: "R" }, "driverName"],
    ["a 101-character driver name", { driverName: "R".repeat(101) }, "driverName"],
    ["a driver name with control characters", { driverName: "Ram\u001besh" }, "driverName"],
    ["a numeric driver name", { driverName: 42 }, "driverName"],
    ["501 characters of notes", { notes: "n".repeat(501) }, "notes"],
    ["a window ending before it starts", { validFrom: at(2), validUntil: at(1) }, "validUntil"],
    // One instant for both ends: two at(2) calls a millisecond apart made a 1 ms window, not an empty one.
    ["an empty window", ((t) => ({ validFrom: t, validUntil: t }))(at(2)), "validUntil"],
    ["a window over 48 hours", { validFrom: at(0.1), validUntil: at(48.2) }, "validUntil"],
    ["a window already over", { validFrom: at(-5), validUntil: at(-1) }, "validUntil"],
    ["a start 8 days ahead", { validFrom: at(8 * 24), validUntil: at(8 * 24 + 1) }, "validFrom"],
    ["an unreadable start", { validFrom: "next tuesday" }, "validFrom"],
    ["a time without a date", { validUntil: "22:00" }, "validUntil"],
    ["an unknown key", { gate: "B" }, "input"],
  ])("refuses %s with a 400 naming %s, and changes nothing", async (_what, change, field) => {
    const bill = await completed();
    const before = await snapshot();
    const refusal = await billRefusal(issuePass(as(biller), { billNumber: bill.billNumber, ...PASS_INPUT, ...change }));
    expect(refusal).toMatchObject({ status: 400, code: "invalid_input", fields: { [field]: [expect.any(String)] } });
    expect(refusal.message).not.toMatch(/zod|undefined|Invalid input/i);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a non-object body, and callers without passes:manage (dispatcher, gate)", async () => {
    const bill = await completed();
    const before = await snapshot();
    expect(await billRefusal(issuePass(as(biller), "INV-1"))).toMatchObject({ status: 400, fields: { input: [expect.stringMatching(/Send a JSON object/)] } });
    expect(await billRefusal(issuePass(as(dispatcher), { billNumber: bill.billNumber, ...PASS_INPUT }))).toMatchObject({ status: 403 });
    expect(await billRefusal(issuePass(as(gate), { billNumber: bill.billNumber, ...PASS_INPUT }))).toMatchObject({ status: 403 });
    expect(await snapshot()).toEqual(before);
  });
});

describe("revokePass", () => {
  it("revokes an active, unused pass with its reason and audits it", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    const revoked = await revokePass(as(admin), { code: pass.code.toLowerCase(), reason: "  Truck broke down " });
    expect(revoked).toMatchObject({ code: pass.code, status: "revoked", state: "revoked", revokedBy: admin.username, revokeReason: "Truck broke down", revokedAt: expect.any(Date) });
    const [row] = await auditRowsOf(db().db, "pass_revoked");
    expect(row).toMatchObject({ actor: admin.username, details: { reason: "Truck broke down", billNumber: pass.billNumber } });
  });

  it("refuses a revoked (409 pass_revoked), used (409 pass_used), superseded (409 pass_expired) or unknown (404) pass, changing nothing", async () => {
    const revoked = await makePass(db().db, { issuer: biller, labels });
    await revokePass(as(biller), { code: revoked.code, reason: "Wrong truck" });
    const used = await makePass(db().db, { issuer: biller, labels });
    await db().db.update(gatePasses).set({ usedAt: new Date(), usedBy: gate.id }).where(eq(gatePasses.code, used.code));
    const old = await makePass(db().db, { issuer: biller, labels });
    await db().db.update(gatePasses).set({ state: "expired" }).where(eq(gatePasses.code, old.code));
    const before = await snapshot();
    expect(await billRefusal(revokePass(as(biller), { code: revoked.code, reason: "Again" }))).toMatchObject({ status: 409, code: "pass_revoked" });
    expect(await billRefusal(revokePass(as(biller), { code: used.code, reason: "Too late" }))).toMatchObject({ status: 409, code: "pass_used" });
    expect(await billRefusal(revokePass(as(biller), { code: old.code, reason: "Old one" }))).toMatchObject({ status: 409, code: "pass_expired" });
    expect(await billRefusal(revokePass(as(biller), { code: "GP-20000101-0001", reason: "Nothing" }))).toMatchObject({ status: 404, code: "pass_not_found" });
    expect(await snapshot()).toEqual(before);
  });

  it("wants a reason of 3–200 characters, and passes:manage", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    const before = await snapshot();
    for (const reason of [undefined, "", "ab", "x".repeat(201), "bad\u0000reason"]) {
      expect(await billRefusal(revokePass(as(biller), { code: pass.code, reason })), String(reason)).toMatchObject({ status: 400, fields: { reason: [expect.any(String)] } });
    }
    expect(await billRefusal(revokePass(as(gate), { code: pass.code, reason: "Gate says no" }))).toMatchObject({ status: 403 });
    expect(await billRefusal(revokePass(as(dispatcher), { code: pass.code, reason: "Dispatcher says no" }))).toMatchObject({ status: 403 });
    expect(await snapshot()).toEqual(before);
  });
});

describe("getPass, recordPassPrint, passHistory", () => {
  it("shows a pass by code in any case; the payload only to those who may manage passes", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    expect((await getPass(as(biller), { code: pass.code.toLowerCase() })).payload).toBe(pass.payload);
    expect((await getPass(as(admin), { code: pass.code })).payload).toBe(pass.payload);
    const seenByGate = await getPass(as(gate), { code: pass.code });
    expect(seenByGate).not.toHaveProperty("payload");
    expect(seenByGate).toMatchObject({ code: pass.code, vehicleNumber: "RJ14GB1234" });
    expect(await billRefusal(getPass(as(gate), { code: "GP-20000101-0009" }))).toMatchObject({ status: 404, code: "pass_not_found" });
    expect(await billRefusal(getPass(as(biller), { code: "x".repeat(500) }))).toMatchObject({ status: 400 });
    // PostgreSQL cannot take a NUL in text: refused before any query, never a 500.
    expect(await billRefusal(getPass(as(biller), { code: "GP-20000101-0001\u0000" }))).toMatchObject({ status: 400, fields: { code: [expect.any(String)] } });
    expect(await billRefusal(revokePass(as(biller), { code: "\u0000", reason: "Wrong truck" }))).toMatchObject({ status: 400 });
    expect(await billRefusal(getPass(as(dispatcher), { code: pass.code }))).toMatchObject({ status: 403 });
  });

  it("counts and audits prints (passes:manage only)", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    expect((await recordPassPrint(as(biller), { code: pass.code })).printCount).toBe(1);
    expect(await recordPassPrint(as(admin), { code: pass.code })).toMatchObject({ printCount: 2, payload: pass.payload });
    expect((await auditRowsOf(db().db, "pass_printed")).map((r) => r.details)).toEqual([
      { billNumber: pass.billNumber, copy: 1 },
      { billNumber: pass.billNumber, copy: 2 },
    ]);
    const before = await snapshot();
    expect(await billRefusal(recordPassPrint(as(gate), { code: pass.code }))).toMatchObject({ status: 403 });
    expect(await billRefusal(recordPassPrint(as(biller), { code: "GP-20000101-0001" }))).toMatchObject({ status: 404, code: "pass_not_found" });
    expect(await snapshot()).toEqual(before);
  });

  it("tells a pass's history newest first, worded for people, gate scans included", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    await recordPassPrint(as(biller), { code: pass.code });
    // What the gate writes (lib/server/passes/gate-scan.ts): action gate_scan, the result in details.
    await audit(db().db, { actor: { id: gate.id, username: gate.username }, meta: { ip: "10.1.1.1", requestId: null } }, {
      action: "gate_scan",
      entityType: "gate_pass",
      entityId: pass.code,
      details: { result: "outside_window", tooEarly: false },
    });
    await revokePass(as(admin), { code: pass.code, reason: "Driver changed" });
    // Another pass's rows stay out of it.
    await makePass(db().db, { issuer: biller, labels });
    const history = await passHistory(as(gate), { code: pass.code.toLowerCase() });
    expect(history.map((e) => [e.action, e.actor, e.summary])).toEqual([
      ["pass_revoked", admin.username, "Revoked: Driver changed"],
      ["gate_scan", gate.username, "Refused at the gate: expired"],
      ["pass_printed", biller.username, "Printed (copy 1)"],
      ["pass_issued", biller.username, expect.stringMatching(new RegExp(`^Issued for bill ${pass.billNumber}, vehicle RJ14GB1234, valid .+ IST$`))],
    ]);
    expect(history[1]?.ip).toBe("10.1.1.1");
    expect(await billRefusal(passHistory(as(biller), { code: "GP-20000101-0001" }))).toMatchObject({ status: 404, code: "pass_not_found" });
    expect(await billRefusal(passHistory(as(dispatcher), { code: pass.code }))).toMatchObject({ status: 403 });
  });
});

describe("listPasses", () => {
  async function fourPasses() {
    const active = await makePass(db().db, { issuer: biller, labels, driverName: "Ramesh Kumar", vehicleNumber: "RJ14GB1234" });
    const used = await makePass(db().db, { issuer: biller, labels, driverName: "Suresh 100% Yadav", vehicleNumber: "MH12AB1234" });
    await db().db.update(gatePasses).set({ usedAt: new Date(), usedBy: gate.id }).where(eq(gatePasses.code, used.code));
    const expired = await makePass(db().db, { issuer: biller, labels, driverName: "Mahesh", vehicleNumber: "DL1C0001", validFrom: new Date(Date.now() - 13 * H), validUntil: new Date(Date.now() - H) });
    const revoked = await makePass(db().db, { issuer: biller, labels, driverName: "Naresh", vehicleNumber: "22BH1234AB" });
    await revokePass(as(biller), { code: revoked.code, reason: "Wrong truck" });
    const notYet = await makePass(db().db, { issuer: biller, labels, driverName: "Dinesh", vehicleNumber: "UP32AB1234", validFrom: new Date(Date.now() + 2 * H) });
    return { active, used, expired, revoked, notYet };
  }
  const codes = async (filters: Record<string, unknown>, user = biller) => (await listPasses(as(user), filters)).passes.map((p) => p.code);

  it("lists newest first without payloads; status filters follow the clock", async () => {
    const p = await fourPasses();
    const page = await listPasses(as(biller), {});
    expect(page.passes.map((x) => x.code)).toEqual([p.notYet.code, p.revoked.code, p.expired.code, p.used.code, p.active.code]);
    expect(page.nextCursor).toBeNull();
    for (const x of page.passes) expect(x).not.toHaveProperty("payload");
    expect(page.passes.map((x) => x.status)).toEqual(["not_yet_valid", "revoked", "expired", "used", "active"]);
    expect(await codes({ status: "active" })).toEqual([p.notYet.code, p.active.code]);
    expect(await codes({ status: "used" })).toEqual([p.used.code]);
    expect(await codes({ status: "expired" })).toEqual([p.expired.code]);
    expect(await codes({ status: "revoked" })).toEqual([p.revoked.code]);
    // A stored-expired (superseded) pass lists as expired too.
    await db().db.update(gatePasses).set({ state: "expired" }).where(eq(gatePasses.code, p.active.code));
    expect(await codes({ status: "expired" })).toEqual([p.expired.code, p.active.code]);
    // A bad status is dropped (all), as on the bill list.
    expect(await codes({ status: "bogus" })).toHaveLength(5);
    expect(await codes({}, gate)).toHaveLength(5);
    expect(await billRefusal(listPasses(as(dispatcher), {}))).toMatchObject({ status: 403 });
  });

  it("searches code, vehicle (normalised), driver and bill number, case-insensitively, wildcards literal", async () => {
    const p = await fourPasses();
    expect(await codes({ q: p.used.code.toLowerCase() })).toEqual([p.used.code]);
    expect(await codes({ q: p.used.code.slice(-4) })).toContain(p.used.code);
    expect(await codes({ q: "mh 12-ab" })).toEqual([p.used.code]);
    expect(await codes({ q: "ramesh" })).toEqual([p.active.code]);
    expect(await codes({ q: "ESH" })).toHaveLength(5);
    expect(await codes({ q: "uresh" })).toEqual([p.used.code]);
    expect(await codes({ q: p.revoked.billNumber.toLowerCase() })).toEqual([p.revoked.code]);
    expect(await codes({ q: "100%" })).toEqual([p.used.code]);
    expect(await codes({ q: "%" })).toEqual([p.used.code]);
    expect(await codes({ q: "_" })).toEqual([]);
    expect(await codes({ q: "nobody" })).toEqual([]);
    expect(await codes({ q: "ramesh", status: "revoked" })).toEqual([]);
    expect(await billRefusal(listPasses(as(biller), { q: "x".repeat(101) }))).toMatchObject({ status: 400, fields: { q: [expect.any(String)] } });
    expect(await billRefusal(listPasses(as(biller), { q: "a\u0000b" }))).toMatchObject({ status: 400 });
  });

  it("filters by IST creation day and pages by keyset without repeats or gaps", async () => {
    const made = [];
    for (let i = 0; i < 7; i += 1) made.push(await makePass(db().db, { issuer: biller, labels }));
    // Two passes issued on 2026-11-20 IST (one just after its midnight), one on 2026-11-21.
    await db().db.update(gatePasses).set({ createdAt: new Date("2026-11-19T18:30:00Z") }).where(eq(gatePasses.code, must(made[0]).code));
    await db().db.update(gatePasses).set({ createdAt: new Date("2026-11-20T18:29:59Z") }).where(eq(gatePasses.code, must(made[1]).code));
    await db().db.update(gatePasses).set({ createdAt: new Date("2026-11-20T18:30:00Z") }).where(eq(gatePasses.code, must(made[2]).code));
    expect(await codes({ from: "2026-11-20", to: "2026-11-20" })).toEqual([made[1]?.code, made[0]?.code]);
    expect(await codes({ from: "2026-11-21", to: "2026-11-21" })).toEqual([made[2]?.code]);
    expect(await codes({ to: "2026-11-21" })).toHaveLength(3);
    expect(await codes({ from: istDay(new Date()) })).toHaveLength(4);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listPasses>> = await listPasses(as(biller), { limit: "3", ...(cursor ? { cursor } : {}) });
      seen.push(...page.passes.map((p) => p.code));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual((await codes({})));
    expect(new Set(seen).size).toBe(7);
    // `after` is the same cursor under the bill list's name.
    const first = await listPasses(as(biller), { limit: "3" });
    expect(await codes({ after: must(first.nextCursor), limit: "3" })).toEqual(seen.slice(3, 6));
  });
});

describe("pass counts and stats", () => {
  it("counts active passes (not-yet-valid included) and trucks out today (used within today's IST day)", async () => {
    const now = new Date();
    expect(await readPassCounts(db().db, now)).toEqual({ active: 0, usedToday: 0 });
    await makePass(db().db, { issuer: biller, labels });
    await makePass(db().db, { issuer: biller, labels, validFrom: new Date(Date.now() + H) });
    await makePass(db().db, { issuer: biller, labels, validFrom: new Date(Date.now() - 13 * H), validUntil: new Date(Date.now() - H) });
    const revoked = await makePass(db().db, { issuer: biller, labels });
    await revokePass(as(biller), { code: revoked.code, reason: "Wrong truck" });
    const usedNow = await makePass(db().db, { issuer: biller, labels });
    const usedYesterday = await makePass(db().db, { issuer: biller, labels });
    await db().db.update(gatePasses).set({ usedAt: now, usedBy: gate.id }).where(eq(gatePasses.code, usedNow.code));
    await db().db.update(gatePasses).set({ usedAt: new Date(now.getTime() - 25 * H) }).where(eq(gatePasses.code, usedYesterday.code));
    expect(await readPassCounts(db().db, now)).toEqual({ active: 2, usedToday: 1 });

    // /api/stats: billers and admins get them; dispatchers (no passes) get null.
    const later = Date.now() + 60_000; // past the previous answers' cache
    expect((await getStatsFor(biller, later)).passes).toEqual({ active: 2, usedToday: 1 });
    expect((await getStatsFor(dispatcher, later)).passes).toBeNull();
  });
});

describe("deleting a bill with a gate pass", () => {
  it("is refused with 409 bill_has_pass (even after a revoke); the bill and its pass stay", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    await revokePass(as(biller), { code: pass.code, reason: "Wrong truck" });
    const before = await snapshot();
    const refusal = await billRefusal(deleteBill(as(admin), { billNumber: pass.billNumber }));
    expect(refusal).toMatchObject({ status: 409, code: "bill_has_pass" });
    expect(refusal.message).toContain(pass.code);
    expect(await snapshot()).toEqual(before);
    expect(await db().db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, pass.billNumber))).toHaveLength(1);
    // A bill without a pass still goes.
    const other = await completed();
    expect(await deleteBill(as(admin), { billNumber: other.billNumber })).toMatchObject({ billNumber: other.billNumber });
  });
});
