import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bills } from "@/db/schema";
import { BillListFilters, parseBillListFilters, readBillListFilters } from "@/lib/schemas/bills";
import { createBill } from "@/lib/server/bills/mutations";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import { listBills } from "@/lib/server/bills/queries";
import { billSummary } from "@/lib/server/bills/summary";
import { billRefusal, labelMaker, makeParent, truncateBillData } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { truncateAll, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(5);

type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;
let admin: User;

beforeAll(async () => {
  await truncateAll(db());
  biller = await makeUser(db().db, "biller");
  admin = await makeUser(db().db, "admin");
});
beforeEach(async () => truncateBillData(db()));

async function bill(billNumber: string, createdAt: string, actor: User = biller, capacity = 5) {
  await createBill(ctxOf(db().db, actor), { billNumber, capacity });
  await db().db.update(bills).set({ createdAt: new Date(createdAt) }).where(eq(bills.billNumber, billNumber));
}

async function fill(billNumber: string, parents: { kind?: "SB" | "M444"; children: number }[]) {
  for (const p of parents) {
    const parent = await makeParent(db().db, labels, p);
    await addParentToBill(ctxOf(db().db, biller), { billNumber, qr: parent.qr });
  }
}

const filters = (raw: Record<string, string>) => BillListFilters.parse(raw);

describe("listBills", () => {
  beforeEach(async () => {
    await bill("INV-A", "2025-03-31T18:29:59Z"); // IST 2025-03-31 23:59:59
    await bill("INV-B", "2025-03-31T18:30:00Z"); // IST 2025-04-01 00:00:00
    await bill("INV_C", "2025-04-01T18:29:59.999Z", admin); // IST 2025-04-01 23:59:59.999
    await bill("INVXC", "2025-04-02T10:00:00Z");
    await bill("GST/24-25/1", "2025-04-02T10:00:00Z", admin); // same instant: id breaks the tie
  });

  it("lists newest first with counts, weights and the creator, and only the listed columns", async () => {
    await fill("INV-B", [{ children: 30 }, { kind: "M444", children: 5 }]);
    const page = await listBills(db().db, filters({}));
    expect(page.rows.map((r) => r.billNumber)).toEqual(["GST/24-25/1", "INVXC", "INV_C", "INV-B", "INV-A"]);
    expect(page.nextCursor).toBeNull();
    const b = page.rows.find((r) => r.billNumber === "INV-B");
    expect(b).toEqual({
      billNumber: "INV-B",
      capacity: 5,
      status: "processing",
      linkedCount: 2,
      childCount: 35,
      customer: null,
      vehicleNumber: null,
      createdAt: new Date("2025-03-31T18:30:00Z"),
      createdBy: biller.username,
      completedAt: null,
      actualWeightKg: 35,
      expectedWeightKg: 45,
      varianceKg: -10,
    });
    expect(page.rows.find((r) => r.billNumber === "INV-A")).toMatchObject({ linkedCount: 0, actualWeightKg: 0, expectedWeightKg: 0 });
  });

  it("searches by bill-number prefix, case-insensitively, with _ taken literally", async () => {
    expect((await listBills(db().db, filters({ q: "inv-" }))).rows.map((r) => r.billNumber)).toEqual(["INV-B", "INV-A"]);
    expect((await listBills(db().db, filters({ q: "inv_" }))).rows.map((r) => r.billNumber)).toEqual(["INV_C"]);
    expect((await listBills(db().db, filters({ q: "gst/24" }))).rows.map((r) => r.billNumber)).toEqual(["GST/24-25/1"]);
    expect((await listBills(db().db, filters({ q: "%" }))).rows).toHaveLength(5);
    expect((await listBills(db().db, filters({ q: "NOPE" }))).rows).toEqual([]);
  });

  it("filters by IST days, status and creator", async () => {
    expect((await listBills(db().db, filters({ from: "2025-04-01", to: "2025-04-01" }))).rows.map((r) => r.billNumber)).toEqual(["INV_C", "INV-B"]);
    expect((await listBills(db().db, filters({ to: "2025-03-31" }))).rows.map((r) => r.billNumber)).toEqual(["INV-A"]);
    expect((await listBills(db().db, filters({ from: "2025-04-02" }))).rows).toHaveLength(2);
    expect((await listBills(db().db, filters({ user: admin.username.toUpperCase() }))).rows.map((r) => r.billNumber)).toEqual(["GST/24-25/1", "INV_C"]);
    await fill("INV-A", [{ children: 30 }]);
    expect((await listBills(db().db, filters({ status: "processing" }))).rows.map((r) => r.billNumber)).toEqual(["INV-A"]);
    expect((await listBills(db().db, filters({ status: "new", q: "INV" }))).rows.map((r) => r.billNumber)).toEqual(["INVXC", "INV_C", "INV-B"]);
  });

  it("pages by keyset without gaps or repeats, ties included", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i += 1) {
      const page = await listBills(db().db, parseBillListFilters({ limit: "2", ...(after ? { after } : {}) }));
      seen.push(...page.rows.map((r) => r.billNumber));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual(["GST/24-25/1", "INVXC", "INV_C", "INV-B", "INV-A"]);
  });

  it("pages forward then back to the same bills, ties included", async () => {
    const page = (params: Record<string, string>) => listBills(db().db, parseBillListFilters({ limit: "2", ...params }));
    const first = await page({});
    expect(first.prevCursor).toBeNull();
    const second = await page({ after: first.nextCursor ?? "" });
    const third = await page({ after: second.nextCursor ?? "" });
    expect(third.rows.map((r) => r.billNumber)).toEqual(["INV-A"]);
    const backToSecond = await page({ before: third.prevCursor ?? "" });
    expect(backToSecond.rows.map((r) => r.billNumber)).toEqual(["INV_C", "INV-B"]);
    expect(backToSecond.nextCursor).toBe(second.nextCursor);
    const backToFirst = await page({ before: backToSecond.prevCursor ?? "" });
    expect(backToFirst.rows.map((r) => r.billNumber)).toEqual(["GST/24-25/1", "INVXC"]);
    expect(backToFirst.prevCursor).toBeNull();
    expect(backToFirst.nextCursor).toBe(first.nextCursor);
  });

  it("leaves out a from date after the to date and says so", async () => {
    const { filters: read, problems } = readBillListFilters({ from: "2025-04-02", to: "2025-04-01" });
    expect(problems).toEqual(["The from date is after the to date."]);
    // Both dates are left out: the list is the one without them, not an empty one.
    expect(read).toEqual({});
    expect((await listBills(db().db, read)).rows.map((r) => r.billNumber)).toEqual(["GST/24-25/1", "INVXC", "INV_C", "INV-B", "INV-A"]);
  });
});

describe("billSummary", () => {
  it("reports each bill of the IST days with counts, weights and completion, plus totals", async () => {
    await bill("EOD-1", "2025-03-31T18:29:59Z", biller, 2); // previous IST day: outside
    await bill("EOD-2", "2025-03-31T18:30:00Z", biller, 2);
    await bill("EOD-3", "2025-04-01T12:00:00Z", admin, 4);
    await bill("EOD-4", "2025-04-01T13:00:00Z", admin, 1);
    await fill("EOD-1", [{ children: 30 }]);
    await fill("EOD-2", [{ children: 30 }, { children: 28 }]);
    await completeBill(ctxOf(db().db, biller), { billNumber: "EOD-2" });
    await fill("EOD-3", [{ kind: "M444", children: 15 }]);

    const report = await billSummary(db().db, { from: "2025-04-01", to: "2025-04-01" });
    expect(report.from).toBe("2025-04-01");
    expect(report.truncated).toBe(false);
    expect(report.rows).toEqual([
      {
        billNumber: "EOD-2",
        createdAt: new Date("2025-03-31T18:30:00Z"),
        createdBy: biller.username,
        status: "completed",
        capacity: 2,
        parentCount: 2,
        childCount: 58,
        actualWeightKg: 58,
        expectedWeightKg: 60,
        varianceKg: -2,
        completionPct: 100,
      },
      expect.objectContaining({ billNumber: "EOD-3", status: "processing", parentCount: 1, childCount: 15, expectedWeightKg: 15, completionPct: 25 }),
      expect.objectContaining({ billNumber: "EOD-4", status: "new", parentCount: 0, actualWeightKg: 0, completionPct: 0 }),
    ]);
    expect(report.totals).toEqual({
      bills: 3,
      byStatus: { new: 1, processing: 1, completed: 1, dispatched: 0 },
      parents: 3,
      children: 73,
      actualWeightKg: 73,
      expectedWeightKg: 75,
      varianceKg: -2,
    });
  });

  it("reports an empty range as zeros", async () => {
    expect(await billSummary(db().db, { from: "2030-01-01", to: "2030-01-31" })).toMatchObject({
      rows: [],
      totals: { bills: 0, byStatus: { new: 0, processing: 0, completed: 0, dispatched: 0 }, parents: 0, actualWeightKg: 0 },
    });
  });

  it("refuses a bad range with a field error", async () => {
    expect(await billRefusal(billSummary(db().db, { from: "2025-04-02", to: "2025-04-01" }))).toMatchObject({ status: 400, fields: { to: expect.any(Array) } });
    expect(await billSummary(db().db, { from: "2025-02-30", to: "2025-03-01" }).catch((e: unknown) => e)).toMatchObject({ status: 400 });
  });
});
