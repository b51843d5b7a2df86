import { asc, eq, inArray } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bags, links } from "@/db/schema";
import type { SheetLine } from "@/lib/dto/dispatch-sheet";
import { A4_SHEET } from "@/lib/server/bills/dispatch-pages";
import { billUrlOf, companyHeaderOf, loadDispatchSheet } from "@/lib/server/bills/dispatch-sheet";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill, reopenBill } from "@/lib/server/bills/state";
import { labelMaker, makeBill, makeBillRoles, makeParent, must, truncateBillData, type BillTestUser } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { setupTestDb } from "../support/db";

// No REDIS_URL here: the in-process absorber (a parent is added once per bill anyway).
delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(8);
let biller: BillTestUser;

const ENV = {
  APP_URL: "https://track.example.com",
  COMPANY_NAME: "Shree Agro Traders",
  COMPANY_ADDRESS: "12 Mandi Road, Kanpur",
  COMPANY_GSTIN: "09AAACT1234F1Z5",
  COMPANY_PHONE: undefined,
};

beforeAll(async () => {
  ({ biller } = await makeBillRoles(db()));
});
beforeEach(async () => truncateBillData(db()));

/** A bill with `children.length` parents put on in that order, parent i holding children[i] children. */
async function billWith(children: number[], input: Record<string, unknown> = {}) {
  const bill = await makeBill(db().db, biller, labels, { capacity: Math.max(children.length, 1), ...input });
  const parents = [];
  for (const n of children) {
    const parent = await makeParent(db().db, labels, { children: n });
    await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parent.qr });
    parents.push(parent);
  }
  return { bill, parents };
}

/** The child QRs of a parent in the order they were packed. */
async function childQrsOf(parentId: number): Promise<string[]> {
  const rows = await db()
    .db.select({ qr: bags.qr })
    .from(links)
    .innerJoin(bags, eq(bags.id, links.childBagId))
    .where(inArray(links.parentBagId, [parentId]))
    .orderBy(asc(links.createdAt), asc(links.id));
  return rows.map((r) => r.qr);
}

const parentLines = (lines: SheetLine[]) => lines.flatMap((l) => (l.kind === "parent" ? [l] : []));

describe("loadDispatchSheet", () => {
  it("lays 42 parents out on 2 pages in loading order, with the bill's QR code, company and DRAFT", async () => {
    const { bill, parents } = await billWith(Array.from({ length: 42 }, (_, i) => i % 31));
    const sheet = must(await loadDispatchSheet(db().db, bill.billNumber.toLowerCase(), {}, ENV));

    expect(sheet.pages.map((p) => [p.number, p.lines.length, p.closing])).toEqual([
      [1, A4_SHEET.firstPageLines, false],
      [2, 42 - A4_SHEET.firstPageLines, true],
    ]);
    const lines = sheet.pages.flatMap((p) => parentLines(p.lines));
    expect(lines.map((l) => l.parent.qr)).toEqual(parents.map((p) => p.qr));
    expect(lines.map((l) => l.position)).toEqual(parents.map((_, i) => i + 1));
    expect(lines[2]?.parent).toEqual({ qr: parents[2]?.qr, type: "SB", childCount: 2, capacity: 30, partial: true });

    expect(sheet.bill).toMatchObject({ billNumber: bill.billNumber, status: "processing", linkedCount: 42, capacity: 42 });
    expect(sheet.company).toEqual({ name: "Shree Agro Traders", address: "12 Mandi Road, Kanpur", gstin: "09AAACT1234F1Z5", phone: null });
    expect(sheet.billUrl).toBe(`https://track.example.com/bills/${bill.billNumber}`);
    expect(sheet.qrImage).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(sheet.qrImage.split(",")[1] ?? "", "base64").toString("utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain("<path");
    expect(sheet.draft).toBe(true);
    expect(sheet.manifest).toBe(false);
  });

  it("drops the DRAFT mark while the bill is completed and brings it back when reopened", async () => {
    const { bill } = await billWith([30, 30]);
    await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
    expect(must(await loadDispatchSheet(db().db, bill.billNumber, {}, ENV)).draft).toBe(false);
    await reopenBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
    expect(must(await loadDispatchSheet(db().db, bill.billNumber, {}, ENV)).draft).toBe(true);
  });

  it("with the manifest, lists each parent's child QRs under it in packing order, and counts the lines", async () => {
    const { bill, parents } = await billWith([30, 0, 15]);
    const plain = must(await loadDispatchSheet(db().db, bill.billNumber, {}, ENV));
    expect(plain.pages[0]?.lines.map((l) => l.kind)).toEqual(["parent", "parent", "parent"]);

    const sheet = must(await loadDispatchSheet(db().db, bill.billNumber, { manifest: true }, ENV));
    expect(sheet.manifest).toBe(true);
    const [page] = sheet.pages;
    // 30 seven-digit children: 3 lines of 10; none: no line; 15: 2 lines.
    expect(page?.lines.map((l) => (l.kind === "children" ? `${l.parentQr}:${l.qrs.length}` : l.kind))).toEqual([
      "parent",
      `${parents[0]?.qr}:10`,
      `${parents[0]?.qr}:10`,
      `${parents[0]?.qr}:10`,
      "parent",
      "parent",
      `${parents[2]?.qr}:10`,
      `${parents[2]?.qr}:5`,
    ]);
    const listed = (qr: string | undefined) => (page?.lines ?? []).flatMap((l) => (l.kind === "children" && l.parentQr === qr ? l.qrs : []));
    expect(listed(parents[0]?.qr)).toEqual(await childQrsOf(must(parents[0]).id));
    expect(listed(parents[2]?.qr)).toEqual(await childQrsOf(must(parents[2]).id));
  });

  it("shows a bill without parents on one page, and answers null for an unknown or malformed number", async () => {
    const bill = await makeBill(db().db, biller, labels, { capacity: 3 });
    const sheet = must(await loadDispatchSheet(db().db, bill.billNumber, { manifest: true }, ENV));
    expect(sheet.pages).toEqual([{ number: 1, lines: [{ kind: "empty" }], closing: true }]);
    expect(sheet.draft).toBe(true);
    expect(await loadDispatchSheet(db().db, "NO-SUCH-BILL", {}, ENV)).toBeNull();
    expect(await loadDispatchSheet(db().db, "X".repeat(51), {}, ENV)).toBeNull();
  });

  it("encodes a bill number with a slash and a space into the QR's address", async () => {
    const bill = await makeBill(db().db, biller, labels, { billNumber: "GST/24-25 A", capacity: 1 });
    const sheet = must(await loadDispatchSheet(db().db, "gst/24-25 a", {}, { ...ENV, APP_URL: undefined }));
    expect(sheet.bill.billNumber).toBe(bill.billNumber);
    expect(sheet.billUrl).toBe("http://localhost:3000/bills/GST%2F24-25%20A");
  });
});

describe("companyHeaderOf / billUrlOf", () => {
  it("takes the company from the settings and builds the address on APP_URL", () => {
    expect(companyHeaderOf({ ...ENV, COMPANY_NAME: "TraceTrack", COMPANY_ADDRESS: undefined, COMPANY_GSTIN: undefined })).toEqual({
      name: "TraceTrack",
      address: null,
      gstin: null,
      phone: null,
    });
    expect(billUrlOf({ APP_URL: "http://127.0.0.1:3100" }, "INV-1")).toBe("http://127.0.0.1:3100/bills/INV-1");
  });
});
