import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { POST as postGateScan } from "@/app/api/gate/scan/route";
import { GET as getStats } from "@/app/api/stats/route";
import { GET as getBills } from "@/app/api/bills/route";
import { GET as getSystemHealthRoute } from "@/app/api/system_health/route";
import { auditLog, bills, gatePasses } from "@/db/schema";
import type { GateScanResult } from "@/lib/dto/passes";
import type { SessionUser } from "@/lib/server/auth/session";
import { weighBill } from "@/lib/server/bills/bill-counts";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { updateBill } from "@/lib/server/bills/mutations";
import { completeBill, reopenBill } from "@/lib/server/bills/state";
import { getEnv } from "@/lib/server/env";
import { getSystemHealth } from "@/lib/server/ops/system-health";
import { scanGatePass } from "@/lib/server/passes/gate-scan";
import { INVALID_SCAN_THRESHOLD, invalidScanSources } from "@/lib/server/passes/gate-watch";
import { signPassCode } from "@/lib/server/passes/signature";
import { billKey } from "@/lib/server/stats/keys";
import { getStatsStore } from "@/lib/server/stats/store";
import { billRefusal, labelMaker, makeParent, must } from "../support/bill-factories";
import { holdClockAtMinuteStart } from "../support/clock";
import { ctxOf, routeSessionOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";
import { makeGatePass, truncateGateData } from "../support/gate-factories";
import { makeCompletedBill } from "../support/pass-factories";

// In-process limits and counters: this file counts its own scans.
delete process.env.REDIS_URL;

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(7);
const HOUR = 60 * 60 * 1000;

type User = Awaited<ReturnType<typeof makeUser>>;
let gate: User;
let biller: User;
let admin: User;
let dispatcher: User;

function signIn(user: User | null) {
  session.user = user && routeSessionOf(user);
}

let ipSeq = 0;
/** A fresh client address per test, so the per-IP limit and the health warning count only this test's scans. */
const freshIp = () => `198.51.100.${(ipSeq += 1)}`;

function scanRequest(body: unknown, ip: string) {
  return postGateScan(
    new Request("http://localhost/api/gate/scan", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost", "x-forwarded-for": ip },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
}

async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: Record<string, unknown> } };
}

const gateCtx = (ip = "10.0.0.7") => ctxOf(db().db, gate, { ip, requestId: "gate-test" });

async function passRow(code: string) {
  const [row] = await db().db.select().from(gatePasses).where(eq(gatePasses.code, code));
  return must(row);
}
async function billRow(billNumber: string) {
  const [row] = await db().db.select().from(bills).where(eq(bills.billNumber, billNumber));
  return must(row);
}
async function gateAudits() {
  return db().db.select().from(auditLog).where(eq(auditLog.action, "gate_scan")).orderBy(auditLog.id);
}

/** A completed bill with an active pass, valid now. */
async function readyPass(options: Parameters<typeof makeGatePass>[3] = {}) {
  const bill = await makeCompletedBill(db().db, { actor: biller, labels });
  const pass = await makeGatePass(db().db, bill.id, biller, options);
  return { bill, pass };
}

beforeAll(async () => {
  await truncateAll(db());
  gate = await makeUser(db().db, "gate");
  biller = await makeUser(db().db, "biller");
  admin = await makeUser(db().db, "admin");
  dispatcher = await makeUser(db().db, "dispatcher");
});
beforeEach(async () => truncateGateData(db()));

describe("scanGatePass: admitting", () => {
  it("admits a valid pass once: the pass is used (by whom, from where) and its bill dispatched, in one go", async () => {
    const { bill, pass } = await readyPass();
    const before = (await getStatsStore().get([billKey("completed"), billKey("dispatched")])) as [number, number];
    const result = await scanGatePass(gateCtx("203.0.113.5"), { payload: pass.payload });
    expect(result.result).toBe("admitted");
    const admitted = result as Extract<GateScanResult, { result: "admitted" }>;
    expect(admitted.pass).toMatchObject({ code: pass.code, status: "used", vehicleNumber: "RJ14GB1234", usedBy: gate.username, driverName: "Ramesh Kumar" });
    expect(admitted.pass.payload).toBeUndefined();
    expect(admitted.pass.bill).toMatchObject({ billNumber: bill.billNumber, status: "dispatched", linkedCount: 1, actualWeightKg: expect.any(Number) });
    const row = await passRow(pass.code);
    expect(row.usedAt).toBeInstanceOf(Date);
    expect(row).toMatchObject({ usedBy: gate.id, usedIp: "203.0.113.5", state: "active" });
    const b = await billRow(bill.billNumber);
    expect(b.status).toBe("dispatched");
    expect(b.dispatchedAt).toBeInstanceOf(Date);
    const [scan] = await gateAudits();
    expect(scan).toMatchObject({ userId: gate.id, ip: "203.0.113.5", entityType: "gate_pass", entityId: pass.code, details: { result: "admitted", via: "qr" } });
    const dispatched = await db().db.select().from(auditLog).where(eq(auditLog.action, "bill_dispatched"));
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]).toMatchObject({ entityType: "bill", entityId: String(b.id), before: { status: "completed" }, after: { status: "dispatched" } });
    // One clock: the answer, the pass row, the bill row and the audit rows say the same instant.
    expect(dispatched[0]?.after).toEqual({ status: "dispatched", dispatchedAt: b.dispatchedAt?.toISOString() });
    expect(dispatched[0]?.details).toEqual({ billNumber: bill.billNumber, pass: pass.code, vehicleNumber: "RJ14GB1234" });
    expect(scan?.details).toEqual({ result: "admitted", via: "qr", billNumber: bill.billNumber, vehicleNumber: "RJ14GB1234" });
    // The scan's row first, then the bill's, both as the gate user from the gate's address.
    expect(must(scan).id).toBeLessThan(must(dispatched[0]).id);
    expect(dispatched[0]).toMatchObject({ userId: gate.id, actor: gate.username, ip: "203.0.113.5", before: { status: "completed", dispatchedAt: null } });
    expect(admitted.pass.usedAt?.getTime()).toBe(row.usedAt?.getTime());
    expect(b.dispatchedAt?.getTime()).toBe(row.usedAt?.getTime());
    const after = (await getStatsStore().get([billKey("completed"), billKey("dispatched")])) as [number, number];
    expect([after[0] - before[0], after[1] - before[1]]).toEqual([-1, 1]);
  });

  it("weighs the admitted bill as every bill answer does (its parents and children as they are now)", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 3, children: 4 });
    const pass = await makeGatePass(db().db, bill.id, biller);
    const result = await scanGatePass(gateCtx(), { payload: pass.payload });
    const weights = await weighBill(db().db, bill.id);
    expect(weights.childCount).toBe(12);
    expect(result).toMatchObject({
      result: "admitted",
      pass: { bill: { linkedCount: 3, childCount: 12, actualWeightKg: weights.actualKg, expectedWeightKg: weights.expectedKg } },
    });
  });

  it("answers a second scan already_used with when and by whom, and changes nothing", async () => {
    const { pass } = await readyPass();
    await scanGatePass(gateCtx(), { payload: pass.payload });
    const first = await passRow(pass.code);
    const again = await scanGatePass(ctxOf(db().db, admin), { payload: pass.payload });
    expect(again).toMatchObject({ result: "already_used", usedBy: gate.username, usedAt: first.usedAt });
    expect((await passRow(pass.code)).usedBy).toBe(gate.id);
    const audits = await gateAudits();
    expect(audits.map((a) => (a.details as { result: string }).result)).toEqual(["admitted", "already_used"]);
    expect(audits[1]).toMatchObject({ userId: admin.id, details: { usedBy: gate.username } });
  });

  it("refuses a pass signed with a wrong secret", async () => {
    const { pass } = await readyPass();
    const wrong = signPassCode(pass.code, "x".repeat(40));
    expect(await scanGatePass(gateCtx(), { payload: wrong })).toMatchObject({ result: "invalid_pass" });
    expect((await passRow(pass.code)).usedAt).toBeNull();
  });

  it("refuses everyone but the gate and admins", async () => {
    const { pass } = await readyPass();
    for (const who of [biller, dispatcher]) {
      expect(await billRefusal(scanGatePass(ctxOf(db().db, who), { payload: pass.payload }))).toMatchObject({ status: 403, code: "forbidden" });
    }
    expect((await passRow(pass.code)).usedAt).toBeNull();
    expect(await gateAudits()).toHaveLength(0);
  });
});

describe("scanGatePass: bad input", () => {
  it("answers every forged, damaged or foreign payload invalid_pass; nothing changes but one audit row each, with the IP", async () => {
    const { bill, pass } = await readyPass();
    const [prefix, code, signature] = pass.payload.split(".") as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === "A" ? "B" : "A"}${signature.slice(11)}`;
    const bad: Record<string, string> = {
      forged: `${prefix}.${code}.${flipped}`,
      truncated: pass.payload.slice(0, -1),
      reordered: `${prefix}.${signature}.${code}`,
      lowercased: pass.payload.toLowerCase(),
      extraDot: `${pass.payload}.`,
      otherCode: `${prefix}.GP-20261201-9999.${signature}`,
      tenKb: `${pass.payload}${"A".repeat(10 * 1024)}`,
      nonAscii: `${prefix}.${code}.${signature.slice(0, -1)}é`,
      controlChars: `${prefix}.${code}\u0000.${signature}`,
      empty: "",
      junk: "hello gate",
    };
    for (const [name, payload] of Object.entries(bad)) {
      const result = await scanGatePass(gateCtx("192.0.2.44"), { payload });
      expect({ name, result }).toEqual({ name, result: { result: "invalid_pass", message: "Invalid or tampered pass." } });
    }
    expect((await passRow(pass.code)).usedAt).toBeNull();
    expect((await billRow(bill.billNumber)).status).toBe("completed");
    const audits = await gateAudits();
    expect(audits).toHaveLength(Object.keys(bad).length);
    for (const a of audits) {
      const details = a.details as { result: string; reason: string; payload: string };
      expect(a.ip).toBe("192.0.2.44");
      expect(details.result).toBe("invalid_pass");
      expect(details.payload.length).toBeLessThanOrEqual(80);
      expect(details.payload).toMatch(/^[\x20-\x7e]*$/);
    }
    expect(audits.map((a) => (a.details as { reason: string }).reason)).toContain("bad_signature");
    expect(audits.map((a) => (a.details as { reason: string }).reason)).toContain("malformed");
  });

  it("a correctly signed code that no pass has is invalid too (audited as unknown_code)", async () => {
    const payload = signPassCode("GP-20261201-0777", must(getEnv().gatePassSecrets[0]));
    expect(await scanGatePass(gateCtx(), { payload })).toEqual({ result: "invalid_pass", message: "Invalid or tampered pass." });
    expect((await gateAudits()).map((a) => a.details)).toEqual([expect.objectContaining({ result: "invalid_pass", reason: "unknown_code" })]);
  });

  it("takes a typed code only together with the truck's vehicle number", async () => {
    const { bill, pass } = await readyPass({ vehicleNumber: "RJ14GB1234" });
    const mismatch = await scanGatePass(gateCtx(), { code: pass.code, vehicleNumber: "RJ14GB1235" });
    expect(mismatch).toEqual({ result: "invalid_pass", message: "Invalid pass: the code and vehicle do not match." });
    const unknown = await scanGatePass(gateCtx(), { code: "GP-20990101-0001", vehicleNumber: "RJ14GB1234" });
    expect(unknown).toEqual(mismatch);
    expect((await passRow(pass.code)).usedAt).toBeNull();
    // Typed loosely: lower case, spaces and dashes.
    const typed = await scanGatePass(gateCtx(), { code: pass.code.toLowerCase(), vehicleNumber: "rj-14 gb 1234" });
    expect(typed).toMatchObject({ result: "admitted", pass: { code: pass.code } });
    expect((await billRow(bill.billNumber)).status).toBe("dispatched");
    const audits = await gateAudits();
    expect(audits.map((a) => [(a.details as { result: string }).result, (a.details as { reason?: string }).reason ?? null])).toEqual([
      ["invalid_pass", "vehicle_mismatch"],
      ["invalid_pass", "unknown_code"],
      ["admitted", null],
    ]);
    expect(audits[2]?.details).toMatchObject({ via: "code" });
  });

  it("wants exactly one of payload and code + vehicle (400 invalid_input)", async () => {
    const { pass } = await readyPass();
    for (const input of [{}, { payload: pass.payload, code: pass.code, vehicleNumber: "RJ14GB1234" }, { code: pass.code }, { vehicleNumber: "RJ14GB1234" }, { payload: 42 }, { payload: pass.payload, extra: 1 }]) {
      expect(await billRefusal(scanGatePass(gateCtx(), input))).toMatchObject({ status: 400, code: "invalid_input" });
    }
    const missingVehicle = await billRefusal(scanGatePass(gateCtx(), { code: pass.code }));
    expect(missingVehicle.fields).toHaveProperty("vehicleNumber");
    expect((await passRow(pass.code)).usedAt).toBeNull();
  });
});

describe("scanGatePass: refusals of a real pass", () => {
  it("revoked → revoked, with the reason", async () => {
    const { pass } = await readyPass();
    await db().db
      .update(gatePasses)
      .set({ state: "revoked", revokedAt: new Date(), revokedBy: biller.id, revokeReason: "Truck broke down" })
      .where(eq(gatePasses.code, pass.code));
    const result = await scanGatePass(gateCtx(), { payload: pass.payload });
    expect(result).toMatchObject({ result: "revoked", pass: { revokeReason: "Truck broke down", revokedBy: biller.username } });
    expect((await passRow(pass.code)).usedAt).toBeNull();
    expect((await gateAudits())[0]?.details).toMatchObject({ result: "revoked", reason: "Truck broke down" });
  });

  it("before its window → outside_window, not yet valid; after it → outside_window, expired", async () => {
    const early = await readyPass({ validFrom: new Date(Date.now() + HOUR), validUntil: new Date(Date.now() + 5 * HOUR) });
    const late = await readyPass({ validFrom: new Date(Date.now() - 13 * HOUR), validUntil: new Date(Date.now() - HOUR) });
    const tooEarly = await scanGatePass(gateCtx(), { payload: early.pass.payload });
    expect(tooEarly).toMatchObject({ result: "outside_window", tooEarly: true, validFrom: (await passRow(early.pass.code)).validFrom });
    const tooLate = await scanGatePass(gateCtx(), { payload: late.pass.payload });
    expect(tooLate).toMatchObject({ result: "outside_window", tooEarly: false });
    expect((await passRow(early.pass.code)).usedAt).toBeNull();
    expect((await passRow(late.pass.code)).usedAt).toBeNull();
    expect((await billRow(early.bill.billNumber)).status).toBe("completed");
    expect((await gateAudits()).map((a) => (a.details as { window: string }).window)).toEqual(["not_yet_valid", "expired"]);
  });

  it("a bill that is no longer completed is not dispatched: 409 bill_not_completed, the pass stays unused", async () => {
    const { bill, pass } = await readyPass();
    // Reopened behind the pass's back (reopenBill refuses this; only a direct change gets here).
    await db().db.update(bills).set({ status: "processing", completedAt: null }).where(eq(bills.id, bill.id));
    expect(await billRefusal(scanGatePass(gateCtx(), { payload: pass.payload }))).toMatchObject({ status: 409, code: "bill_not_completed" });
    expect((await passRow(pass.code)).usedAt).toBeNull();
    expect((await billRow(bill.billNumber)).status).toBe("processing");
    expect((await gateAudits())[0]?.details).toMatchObject({ result: "bill_not_completed" });
  });
});

describe("dispatched is terminal", () => {
  it("a dispatched bill cannot be reopened, completed, edited or loaded (409 bill_dispatched)", async () => {
    const { bill, pass } = await readyPass();
    await scanGatePass(gateCtx(), { payload: pass.payload });
    const ctx = ctxOf(db().db, biller);
    const parent = await makeParent(db().db, labels);
    const refusals = [
      await billRefusal(reopenBill(ctx, { billNumber: bill.billNumber })),
      await billRefusal(completeBill(ctx, { billNumber: bill.billNumber })),
      await billRefusal(updateBill(ctx, { billNumber: bill.billNumber, capacity: 2 })),
      await billRefusal(addParentToBill(ctx, { billNumber: bill.billNumber, qr: parent.qr })),
      await billRefusal(removeParentFromBill(ctx, { billNumber: bill.billNumber, qr: bill.parentQrs[0] })),
    ];
    for (const r of refusals) {
      expect(r).toMatchObject({ status: 409, code: "bill_dispatched" });
      expect(r.message).toMatch(/dispatched/);
    }
    const b = await billRow(bill.billNumber);
    expect(b).toMatchObject({ status: "dispatched", capacity: 1, linkedCount: 1 });
  });

  it("a completed bill with a pass the gate could still admit cannot be reopened (409 pass_active) until it is revoked", async () => {
    const { bill, pass } = await readyPass();
    const ctx = ctxOf(db().db, biller);
    const refused = await billRefusal(reopenBill(ctx, { billNumber: bill.billNumber }));
    expect(refused).toMatchObject({ status: 409, code: "pass_active" });
    expect(refused.message).toContain(pass.code);
    await db().db
      .update(gatePasses)
      .set({ state: "revoked", revokedAt: new Date(), revokedBy: biller.id, revokeReason: "Wrong truck" })
      .where(eq(gatePasses.code, pass.code));
    await expect(reopenBill(ctx, { billNumber: bill.billNumber })).resolves.toMatchObject({ status: "processing" });
  });

  it("an unused pass past its window does not hold the bill", async () => {
    const { bill } = await readyPass({ validFrom: new Date(Date.now() - 13 * HOUR), validUntil: new Date(Date.now() - HOUR) });
    await expect(reopenBill(ctxOf(db().db, biller), { billNumber: bill.billNumber })).resolves.toMatchObject({ status: "processing" });
  });
});

describe("POST /api/gate/scan", () => {
  it("answers 200 admitted, 409 already_used (usedAt, usedBy), 400 invalid_pass, in the JSON error shape", async () => {
    const { pass } = await readyPass();
    signIn(gate);
    const ip = freshIp();
    const ok = await answer(await scanRequest({ payload: pass.payload }, ip));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ result: "admitted", pass: { code: pass.code, vehicleNumber: "RJ14GB1234", bill: { status: "dispatched" } } });
    expect(ok.body.pass).not.toHaveProperty("payload");
    const again = await answer(await scanRequest({ payload: pass.payload }, ip));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "already_used", usedBy: gate.username, usedAt: expect.any(String), message: expect.stringMatching(/IST/) });
    const forged = await answer(await scanRequest({ payload: `${pass.payload.slice(0, -2)}xx` }, ip));
    expect(forged).toEqual({ status: 400, body: { error: { code: "invalid_pass", message: "Invalid or tampered pass." } } });
  });

  it("answers 409 outside_window saying whether it is not yet valid or expired, and 409 revoked with the reason", async () => {
    signIn(gate);
    const early = await readyPass({ validFrom: new Date(Date.now() + HOUR) });
    const res = await answer(await scanRequest({ payload: early.pass.payload }, freshIp()));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "outside_window", window: "not_yet_valid", validFrom: expect.any(String), validUntil: expect.any(String) });
    expect(String(res.body.error?.message)).toMatch(/^Not yet valid/);
    const revoked = await readyPass();
    await db().db.update(gatePasses).set({ state: "revoked", revokedAt: new Date(), revokedBy: biller.id, revokeReason: "Driver changed" }).where(eq(gatePasses.id, revoked.pass.id));
    const r = await answer(await scanRequest({ payload: revoked.pass.payload }, freshIp()));
    expect(r).toMatchObject({ status: 409, body: { error: { code: "revoked", reason: "Driver changed" } } });
  });

  it("refuses other roles (403) and lets the gate reach nothing else", async () => {
    const { pass } = await readyPass();
    signIn(biller);
    expect(await answer(await scanRequest({ payload: pass.payload }, freshIp()))).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    signIn(gate);
    const req = (path: string) => new Request(`http://localhost${path}`);
    expect((await getStats(req("/api/stats"), { params: Promise.resolve({}) })).status).toBe(403);
    expect((await getBills(req("/api/bills"), { params: Promise.resolve({}) })).status).toBe(403);
    expect((await getSystemHealthRoute(req("/api/system_health"), { params: Promise.resolve({}) })).status).toBe(403);
  });

  it("limits one address to 120 scans a minute (429 in the JSON error shape); another address is unaffected", async () => {
    signIn(gate);
    // One minute's budget, spent inside one minute (a sliding window leaks across the edge).
    holdClockAtMinuteStart();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 121; i += 1) statuses.push((await scanRequest({ payload: `junk-${i}` }, ip)).status);
    expect(statuses.slice(0, 120).every((s) => s === 400)).toBe(true);
    const limited = await scanRequest({ payload: "junk-last" }, ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringMatching(/Too many gate scans/) } });
    expect((await scanRequest({ payload: "junk" }, freshIp())).status).toBe(400);
  });
});

describe("the invalid-payload warning on /admin/health", () => {
  it(`names an address that sent ${INVALID_SCAN_THRESHOLD} invalid passes within a minute, and clears a minute after they stop`, async () => {
    const noisy = "192.0.2.200";
    const quiet = "192.0.2.201";
    for (let i = 0; i < INVALID_SCAN_THRESHOLD; i += 1) await scanGatePass(gateCtx(noisy), { payload: `TTGP1.GP-20261201-0001.forged${i}` });
    for (let i = 0; i < INVALID_SCAN_THRESHOLD - 1; i += 1) await scanGatePass(gateCtx(quiet), { payload: "garbage" });
    const health = await getSystemHealth();
    expect(health.components.gateScans.status).toBe("amber");
    expect(health.components.gateScans.summary).toContain(`${noisy} (${INVALID_SCAN_THRESHOLD} in the last minute)`);
    expect(health.components.gateScans.summary).not.toContain(quiet);
    expect(health.components.gateScans.details).toMatchObject({ sources: 1, [noisy]: INVALID_SCAN_THRESHOLD });
    expect(health.overall).not.toBe("green");
    // A minute later, with no more attempts:
    const later = await getSystemHealth(Date.now() + 61_000);
    expect(later.components.gateScans).toMatchObject({ status: "green", details: { sources: 0 } });
  });

  it("counts a scan written in the very millisecond the warning is read (times are microseconds)", async () => {
    const at = Date.parse("2026-11-30T10:00:00.000Z");
    await db().rows(sql`insert into audit_log (created_at, ip, action, details)
      select ${new Date(at).toISOString()}::timestamptz + make_interval(secs => g * 0.0001), '192.0.2.210', 'gate_scan', '{"result":"invalid_pass"}'::jsonb
        from generate_series(0, ${INVALID_SCAN_THRESHOLD - 1}) g`);
    // The last row is at …00.000900: inside `at`'s millisecond, so it is in the window.
    expect(await invalidScanSources(db().db, at)).toEqual([{ ip: "192.0.2.210", count: INVALID_SCAN_THRESHOLD }]);
    expect(await invalidScanSources(db().db, at - 1)).toEqual([]);
  });

  it("shows in GET /api/system_health for admins", async () => {
    for (let i = 0; i < INVALID_SCAN_THRESHOLD; i += 1) await scanGatePass(gateCtx("192.0.2.202"), { payload: "x" });
    signIn(admin);
    const res = await getSystemHealthRoute(new Request("http://localhost/api/system_health"), { params: Promise.resolve({}) });
    const body = (await res.json()) as { components: { gateScans: { status: string; summary: string } } };
    expect(body.components.gateScans).toMatchObject({ status: "amber", summary: expect.stringContaining("192.0.2.202") });
  });

  it("stays green for valid scans and for fewer invalid ones", async () => {
    const { pass } = await readyPass();
    await scanGatePass(gateCtx("192.0.2.203"), { payload: pass.payload });
    // A guard scanning one used pass over and over is not an attack: refusals, but valid passes.
    for (let i = 0; i < INVALID_SCAN_THRESHOLD + 1; i += 1) await scanGatePass(gateCtx("192.0.2.203"), { payload: pass.payload });
    for (let i = 0; i < INVALID_SCAN_THRESHOLD - 1; i += 1) await scanGatePass(gateCtx("192.0.2.203"), { payload: "garbage" });
    const [n] = await db().rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'gate_scan'`);
    expect(n?.n).toBe(2 * INVALID_SCAN_THRESHOLD + 1);
    expect((await getSystemHealth()).components.gateScans.status).toBe("green");
  });
});
