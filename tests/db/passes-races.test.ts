import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { issuePass } from "@/lib/server/passes/issue";
import { revokePass } from "@/lib/server/passes/revoke";
import { istDay } from "@/lib/time";
import { labelMaker, makeBillRoles, truncateBillData, type BillTestUser } from "../support/bill-factories";
import { ctxOf, settle } from "../support/context";
import { setupTestDb, usingPostgres } from "../support/db";
import { makeCompletedBill, makePass } from "../support/pass-factories";

// Real parallel transactions on PostgreSQL (a pool of 40); on PGlite (one connection) the same
// calls run one after another and must give the same answers.
delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(6);
let biller: BillTestUser;
let admin: BillTestUser;

beforeAll(async () => {
  ({ biller, admin } = await makeBillRoles(db()));
});
beforeEach(async () => {
  await truncateBillData(db());
  await db().rows(sql`truncate table gate_pass_days`);
});

const PASS_INPUT = { driverName: "Ramesh Kumar", driverPhone: "9829012345", vehicleNumber: "RJ14GB1234" };
const codeOf = (n: number) => `GP-${istDay(new Date()).replaceAll("-", "")}-${String(n).padStart(4, "0")}`;

async function passRows() {
  return db().rows<{ code: string; bill_number: string; state: string }>(
    sql`select p.code, b.bill_number, p.state from gate_passes p join bills b on b.id = p.bill_id order by p.code`,
  );
}
/** Opens `n` pool connections first, so the racers start together instead of one per new connection. */
async function warmPool(n: number) {
  await Promise.all(Array.from({ length: n }, () => db().rows(sql`select pg_sleep(0.05)`)));
}

async function lastSeq() {
  const rows = await db().rows<{ last_seq: number }>(sql`select last_seq from gate_pass_days`);
  return rows.map((r) => Number(r.last_seq));
}

describe(`issuing passes in parallel (${usingPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("20 issuers of one bill: exactly one pass (201), 19 pass_exists, one number used", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels });
    await warmPool(20);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => settle(issuePass(ctxOf(db().db, i % 2 ? admin : biller), { billNumber: bill.billNumber, ...PASS_INPUT }))),
    );
    const won = results.filter((r) => "ok" in r);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => "code" in r).map((r) => ("code" in r ? r.code : ""))).toEqual(Array(19).fill("pass_exists"));
    expect(await passRows()).toEqual([{ code: codeOf(1), bill_number: bill.billNumber, state: "active" }]);
    expect(await lastSeq()).toEqual([1]);
    const [issued] = await db().rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'pass_issued'`);
    expect(issued?.n).toBe(1);
  });

  it("10 issuers of 10 bills: 10 passes with distinct, consecutive codes and no gaps", async () => {
    const bills = [];
    for (let i = 0; i < 10; i += 1) bills.push(await makeCompletedBill(db().db, { actor: biller, labels }));
    await warmPool(10);
    const results = await Promise.all(bills.map((b, i) => settle(issuePass(ctxOf(db().db, i % 2 ? admin : biller), { billNumber: b.billNumber, ...PASS_INPUT }))));
    const codes = results.map((r) => ("ok" in r ? r.ok.code : `refused ${r.code}`));
    expect([...codes].sort()).toEqual(Array.from({ length: 10 }, (_, i) => codeOf(i + 1)));
    expect(new Set((await passRows()).map((r) => r.bill_number)).size).toBe(10);
    expect(await lastSeq()).toEqual([10]);
  });

  it("issuers racing a revoke of the bill's pass: at most one new pass, the rest pass_exists, never two active", async () => {
    const first = await makePass(db().db, { issuer: biller, labels });
    await warmPool(9);
    const work = [
      settle(revokePass(ctxOf(db().db, admin), { code: first.code, reason: "Replacing it" })),
      ...Array.from({ length: 8 }, () => settle(issuePass(ctxOf(db().db, biller), { billNumber: first.billNumber, ...PASS_INPUT }))),
    ];
    const [revoke, ...issues] = await Promise.all(work);
    expect(revoke && "ok" in revoke).toBe(true);
    const won = issues.filter((r) => "ok" in r).length;
    expect(won).toBeLessThanOrEqual(1);
    expect(issues.filter((r) => "code" in r).every((r) => "code" in r && r.code === "pass_exists")).toBe(true);
    const rows = await passRows();
    expect(rows.filter((r) => r.state === "active")).toHaveLength(won);
    // Numbers stay gapless: one per pass that exists.
    expect(await lastSeq()).toEqual([rows.length]);
  });
});
