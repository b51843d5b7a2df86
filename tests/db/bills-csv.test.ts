import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bills } from "@/db/schema";
import { createBill } from "@/lib/server/bills/mutations";
import { addParentToBill } from "@/lib/server/bills/parents";
import { BILL_CSV_BATCH, billSummaryCsv, billSummaryCsvStream } from "@/lib/server/bills/csv";
import { billSummary } from "@/lib/server/bills/summary";
import { labelMaker, makeParent } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(8);
const DAY = "2025-03-31";
// 10:00 IST on DAY, plus a few seconds per bill so the order is known.
const at = (i: number) => new Date(Date.UTC(2025, 2, 31, 4, 30, 0) + i * 1000);

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let out = "";
  for await (const chunk of gen) out += chunk;
  return out;
}

describe("bill summary CSV", () => {
  let billerName = "";
  beforeAll(async () => {
    await truncateAll(db());
    const biller = await makeUser(db().db, "biller");
    billerName = biller.username;
    await createBill(ctxOf(db().db, biller), { billNumber: "CSV-A", capacity: 2, customer: "=cmd|' /C calc'!A0", vehicleNumber: "UP32, AB" });
    await db().db.update(bills).set({ createdAt: at(0) }).where(eq(bills.billNumber, "CSV-A"));
    for (const p of [{ children: 10 }, { kind: "M444" as const, children: 15 }]) {
      const parent = await makeParent(db().db, labels, p);
      await addParentToBill(ctxOf(db().db, biller), { billNumber: "CSV-A", qr: parent.qr });
    }
    // Enough further bills to need a second batch.
    await db().db.insert(bills).values(
      Array.from({ length: BILL_CSV_BATCH }, (_, i) => ({ billNumber: `CSV-B${String(i).padStart(4, "0")}`, capacity: 3, createdAt: at(i + 1), createdBy: biller.id })),
    );
    // The day after (IST) is outside the range.
    await db().db.insert(bills).values({ billNumber: "CSV-NEXT-DAY", capacity: 1, createdAt: new Date(Date.UTC(2025, 2, 31, 18, 31, 0)) });
  });

  it("lists every bill of the range oldest first across batches, then totals matching the report", async () => {
    const csv = await collect(billSummaryCsv(db().db, { from: DAY, to: DAY }));
    const lines = csv.split("\r\n").filter(Boolean);
    expect(lines[0]?.startsWith("\uFEFFBill number,Created (IST),")).toBe(true);
    expect(lines).toHaveLength(1 + 1 + BILL_CSV_BATCH + 1);
    // The formula-like customer is defused with ', the vehicle with a comma is quoted.
    expect(lines[1]).toBe(`CSV-A,2025-03-31 10:00,${billerName},processing,'=cmd|' /C calc'!A0,"UP32, AB",2,2,25,25,45,-20,100`);
    expect(lines[2]?.startsWith("CSV-B0000,2025-03-31 10:00,")).toBe(true);
    expect(lines.at(-2)?.startsWith(`CSV-B${String(BILL_CSV_BATCH - 1).padStart(4, "0")},`)).toBe(true);
    expect(csv).not.toContain("CSV-NEXT-DAY");

    const summary = await billSummary(db().db, { from: DAY, to: DAY });
    const t = summary.totals;
    expect(lines.at(-1)).toBe(`TOTAL (${t.bills} bills),,,,,,,${t.parents},${t.children},${t.actualWeightKg},${t.expectedWeightKg},${t.varianceKg},`);
  });

  it("streams bytes and refuses a bad range before the first byte", async () => {
    const stream = billSummaryCsvStream(db().db, { from: DAY, to: DAY });
    const text = await new Response(stream).text();
    expect(text).toContain("CSV-A,");
    await expect(collect(billSummaryCsv(db().db, { from: "2025-04-02", to: "2025-04-01" }))).rejects.toMatchObject({ status: 400 });
  });
});
