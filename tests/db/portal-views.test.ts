import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { readPortalBill } from "@/lib/server/portal/detail";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { computeWeights } from "@/lib/weights";
import { labelMaker } from "../support/bill-factories";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { asCtx, makeCustomerBill } from "./portal-fixtures";

delete process.env.REDIS_URL;

// Migration 0007's portal_bills computes weights in SQL; they must be lib/weights's numbers.
const db = setupTestDb();
const labels = labelMaker(4);

beforeAll(() => setStatsStore(createMemoryStatsStore()));

describe("portal_bills view", () => {
  it("has computeWeights's counts and weights for a bill with SB and M444 parents", async () => {
    const biller = await makeUser(db().db, "biller");
    const admin = await makeUser(db().db, "admin");
    const parents = [
      { kind: "SB", children: 30 },
      { kind: "SB", children: 11 },
      { kind: "M444", children: 15 },
      { kind: "M444", children: 2 },
      { kind: "M444", children: 0 },
    ] as const;
    const billNumber = await makeCustomerBill(db().db, biller, labels, { customer: "Weighed Co", parents: [...parents] });
    const empty = await makeCustomerBill(db().db, biller, labels, { customer: "Weighed Co" });

    const detail = await readPortalBill(asCtx(db().db, admin), { billNumber });
    const expected = computeWeights(detail.parents.map((p) => ({ qr: p.qr, childCount: p.childCount })));
    expect(detail.parents.map((p) => p.childCount).sort((a, b) => a - b)).toEqual([0, 2, 11, 15, 30]);
    expect(detail.bill).toMatchObject({
      parentCount: expected.parentCount,
      childCount: expected.childCount,
      actualWeightKg: expected.actualKg,
      expectedWeightKg: expected.expectedKg,
    });
    expect(expected).toMatchObject({ parentCount: 5, childCount: 58, actualKg: 58, expectedKg: 2 * 30 + 3 * 15 });

    const [row] = await db().rows<{ child_count: number; expected_weight_kg: number; parent_count: number }>(
      sql`select parent_count, child_count, expected_weight_kg from portal_bills where bill_number = ${empty}`,
    );
    expect(row).toEqual({ parent_count: 0, child_count: 0, expected_weight_kg: 0 });
  });

  it("exposes no staff column", async () => {
    const columns = await db().rows<{ table_name: string; column_name: string }>(
      sql`select table_name, column_name from information_schema.columns where table_name in ('portal_bills', 'portal_bill_parents', 'portal_customers')`,
    );
    expect(columns.length).toBeGreaterThan(10);
    expect(columns.filter((c) => /created_by|added_by|user|email|phone|description/.test(c.column_name))).toEqual([]);
  });
});
