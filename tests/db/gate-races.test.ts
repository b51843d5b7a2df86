import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, bills, gatePasses } from "@/db/schema";
import type { GateScanResult } from "@/lib/dto/passes";
import { reopenBill } from "@/lib/server/bills/state";
import { scanGatePass } from "@/lib/server/passes/gate-scan";
import { revokePass } from "@/lib/server/passes/revoke";
import type { Actor } from "@/lib/server/service";
import { billKey } from "@/lib/server/stats/keys";
import { getStatsStore } from "@/lib/server/stats/store";
import { labelMaker, must } from "../support/bill-factories";
import { ctxOf, settle } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";
import { makeGatePass, truncateGateData } from "../support/gate-factories";
import { makeCompletedBill } from "../support/pass-factories";

delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(8);

/** "admitted", "already_used", … or the refusal's code. */
function tally(outcomes: ({ ok: GateScanResult | unknown } | { code: string })[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = "code" in o ? o.code : ((o.ok as { result?: string; status?: string }).result ?? (o.ok as { status?: string }).status ?? "ok");
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

// PGlite has one connection: real parallel transactions need PostgreSQL.
describe.skipIf(!usingPostgres)("gate scan races (PostgreSQL)", () => {
  let gates: Actor[];
  let biller: Actor;

  beforeAll(async () => {
    await truncateAll(db());
    gates = [];
    for (let i = 0; i < 4; i += 1) gates.push(await makeUser(db().db, "gate"));
    gates.push(await makeUser(db().db, "admin"));
    biller = await makeUser(db().db, "biller");
  });
  beforeEach(async () => truncateGateData(db()));

  const gateCtx = (i: number) => ctxOf(db().db, must(gates[i % gates.length]), { ip: `203.0.113.${i + 1}`, requestId: `race-${i}` });

  it("20 parallel scans of one pass: exactly 1 admitted, 19 already_used; the bill is dispatched once", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels });
    const pass = await makeGatePass(db().db, bill.id, biller);
    const [completedBefore, dispatchedBefore] = (await getStatsStore().get([billKey("completed"), billKey("dispatched")])) as [number, number];
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => settle(scanGatePass(gateCtx(i), { payload: pass.payload }))));
    expect(tally(outcomes)).toEqual({ admitted: 1, already_used: 19 });
    const winner = outcomes.find((o) => "ok" in o && o.ok.result === "admitted");
    const usedBy = winner && "ok" in winner && winner.ok.result === "admitted" ? winner.ok.pass.usedBy : null;
    // Every loser names the winner and the same moment.
    for (const o of outcomes) {
      if ("ok" in o && o.ok.result === "already_used") expect(o.ok.usedBy).toBe(usedBy);
    }
    const [row] = await db().db.select().from(gatePasses).where(eq(gatePasses.id, pass.id));
    expect(row?.usedAt).toBeInstanceOf(Date);
    const [b] = await db().db.select({ status: bills.status }).from(bills).where(eq(bills.id, bill.id));
    expect(b?.status).toBe("dispatched");
    const [counts] = await db().rows<{ scans: number; admitted: number; dispatched: number }>(sql`
      select count(*) filter (where action = 'gate_scan')::int as scans,
             count(*) filter (where action = 'gate_scan' and details->>'result' = 'admitted')::int as admitted,
             count(*) filter (where action = 'bill_dispatched')::int as dispatched
      from ${auditLog}`);
    expect(counts).toEqual({ scans: 20, admitted: 1, dispatched: 1 });
    const [completedAfter, dispatchedAfter] = (await getStatsStore().get([billKey("completed"), billKey("dispatched")])) as [number, number];
    expect([completedAfter - completedBefore, dispatchedAfter - dispatchedBefore]).toEqual([-1, 1]);
  });

  it("scans racing a revoke: either the truck left and the revoke is refused, or the pass is revoked and every scan refused (20 rounds)", async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 20; round += 1) {
      const bill = await makeCompletedBill(db().db, { actor: biller, labels });
      const pass = await makeGatePass(db().db, bill.id, biller);
      // Who starts first alternates, so both orders are raced.
      const startRevoke = () => settle(revokePass(ctxOf(db().db, biller), { code: pass.code, reason: "Race test" }));
      const revoke = round % 2 === 0 ? startRevoke() : null;
      const scans = Array.from({ length: 4 }, (_, i) => settle(scanGatePass(gateCtx(i), { payload: pass.payload })));
      const [revoked, ...scanned] = await Promise.all([revoke ?? startRevoke(), ...scans]);
      const scanTally = tally(scanned);
      const [row] = await db().db.select().from(gatePasses).where(eq(gatePasses.id, pass.id));
      const [b] = await db().db.select({ status: bills.status }).from(bills).where(eq(bills.id, bill.id));
      if ("ok" in must(revoked)) {
        seen.add("revoke won");
        // The revoke may land after some refusals were decided, never after an admission.
        expect(scanTally).toEqual({ revoked: 4 });
        expect(row).toMatchObject({ state: "revoked", usedAt: null });
        expect(b?.status).toBe("completed");
      } else {
        seen.add("scan won");
        expect(revoked).toEqual({ code: "pass_used" });
        expect(scanTally).toEqual({ admitted: 1, already_used: 3 });
        expect(row?.state).toBe("active");
        expect(row?.usedAt).toBeInstanceOf(Date);
        expect(b?.status).toBe("dispatched");
      }
      const crashes = scanned.filter((o) => "code" in o);
      expect(crashes).toEqual([]);
    }
    // Which side wins is timing; both should have happened in 20 alternating rounds.
    console.info(`[gate-races] revoke vs scan outcomes seen: ${[...seen].join(", ")}`);
  });

  it("a bill changed behind the pass's back racing 3 scans: the truck leaves with the bill dispatched, or nobody leaves and the pass stays unused (20 rounds)", async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 20; round += 1) {
      const bill = await makeCompletedBill(db().db, { actor: biller, labels });
      const pass = await makeGatePass(db().db, bill.id, biller);
      // A direct change (reopenBill refuses while the pass is live), holding the bill's row a moment.
      const change = () =>
        db().db.transaction(async (tx) => {
          const moved = await tx
            .update(bills)
            .set({ status: "processing", completedAt: null })
            .where(sql`${bills.id} = ${bill.id} and ${bills.status} = 'completed'`)
            .returning({ id: bills.id });
          await tx.execute(sql`select pg_sleep(0.005)`);
          return moved.length;
        });
      const first = round % 2 === 0 ? change() : null;
      const scans = Array.from({ length: 3 }, (_, i) => settle(scanGatePass(gateCtx(i), { payload: pass.payload })));
      const [changed, ...scanned] = await Promise.all([first ?? change(), ...scans]);
      const [row] = await db().db.select().from(gatePasses).where(eq(gatePasses.id, pass.id));
      const [b] = await db().db.select({ status: bills.status, dispatchedAt: bills.dispatchedAt }).from(bills).where(eq(bills.id, bill.id));
      const [audits] = await db().rows<{ admitted: number; dispatched: number }>(sql`
        select count(*) filter (where action = 'gate_scan' and details->>'result' = 'admitted' and entity_id = ${pass.code})::int as admitted,
               count(*) filter (where action = 'bill_dispatched' and entity_id = ${String(bill.id)})::int as dispatched
          from ${auditLog}`);
      if (changed === 1) {
        seen.add("change won");
        expect(tally(scanned)).toEqual({ bill_not_completed: 3 });
        expect(row?.usedAt).toBeNull();
        expect(b).toEqual({ status: "processing", dispatchedAt: null });
        expect(audits).toEqual({ admitted: 0, dispatched: 0 });
      } else {
        seen.add("scan won");
        expect(changed).toBe(0);
        expect(tally(scanned)).toEqual({ admitted: 1, already_used: 2 });
        expect(row?.usedAt).toBeInstanceOf(Date);
        expect(b?.status).toBe("dispatched");
        expect(b?.dispatchedAt?.getTime()).toBe(row?.usedAt?.getTime());
        expect(audits).toEqual({ admitted: 1, dispatched: 1 });
      }
    }
    console.info(`[gate-races] bill change vs scan outcomes seen: ${[...seen].join(", ")}`);
  });

  it("a reopen racing the gate never leaves a used pass on a bill that is not dispatched (20 rounds)", async () => {
    for (let round = 0; round < 20; round += 1) {
      const bill = await makeCompletedBill(db().db, { actor: biller, labels });
      const pass = await makeGatePass(db().db, bill.id, biller);
      const [reopen, scan] = await Promise.all([
        settle(reopenBill(ctxOf(db().db, biller), { billNumber: bill.billNumber })),
        settle(scanGatePass(gateCtx(round), { payload: pass.payload })),
      ]);
      // The pass is live, so the reopen is refused either way: before the scan (pass_active) or after it (bill_dispatched).
      expect(["pass_active", "bill_dispatched"]).toContain("code" in reopen ? reopen.code : "reopened");
      expect(tally([scan])).toEqual({ admitted: 1 });
      const [b] = await db().db.select({ status: bills.status }).from(bills).where(eq(bills.id, bill.id));
      expect(b?.status).toBe("dispatched");
    }
  });
});
