import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bags, billBags, bills } from "@/db/schema";
import { getBagDetail } from "@/lib/server/bags/queries";
import type { Actor } from "@/lib/server/service";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";
import { truncateAll, setupTestDb } from "../support/db";
import { ctxOf } from "../support/context";
import { makeUser } from "../support/factories";
import { present, refusalOf, truncateScanData } from "../support/scan";

const db = setupTestDb();

let lucknow: Actor;
let indore: Actor;
let biller: Actor;

beforeAll(async () => {
  await truncateAll(db());
  lucknow = await makeUser(db().db, "dispatcher", "lucknow");
  indore = await makeUser(db().db, "dispatcher", "indore");
  biller = await makeUser(db().db, "biller");
});
beforeEach(async () => truncateScanData(db()));

async function billParent(qr: string) {
  const [bill] = await db().db.insert(bills).values({ billNumber: "INV-1", capacity: 2, status: "processing", linkedCount: 1 }).returning({ id: bills.id });
  const [bag] = await db().db.select({ id: bags.id }).from(bags).where(eq(bags.qr, qr));
  await db().db.insert(billBags).values({ billId: present(bill).id, bagId: present(bag).id });
}

describe("getBagDetail", () => {
  it("describes a parent with its children, bill and recent scans, and nothing more", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00001" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00001", qr: "1000001" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00001", qr: "1000002" });
    await undoLastScan(ctxOf(db().db, lucknow), { parentQr: "SB00001" });
    await billParent("SB00001");

    const detail = present(await getBagDetail(db().db, lucknow, "sb00001"));
    expect(Object.keys(detail.bag).sort()).toEqual(
      ["capacity", "childCount", "createdAt", "createdBy", "dispatchArea", "parentKind", "qr", "status", "type"].sort(),
    );
    expect(detail.bag).toMatchObject({
      qr: "SB00001",
      type: "parent",
      parentKind: "SB",
      status: "in_progress",
      childCount: 1,
      capacity: 30,
      dispatchArea: "lucknow",
      createdBy: lucknow.username,
    });
    expect(detail.bag.createdAt).toBeInstanceOf(Date);
    expect(detail.parent).toBeNull();
    expect(detail.children).toEqual([{ qr: "1000001", linkedAt: expect.any(Date), linkedBy: lucknow.username }]);
    expect(detail.bill).toEqual({ billNumber: "INV-1", status: "processing" });
    expect(detail.recentScans.map((s) => [s.action, s.result, s.qr, s.undone, s.username])).toEqual([
      ["undo", "undone", "1000002", false, lucknow.username],
      ["child", "linked", "1000002", true, lucknow.username],
      ["child", "linked", "1000001", false, lucknow.username],
      ["parent", "created", "SB00001", false, lucknow.username],
    ]);
  });

  it("describes a child with its parent and the parent's bill", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "M444-00001" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "M444-00001", qr: "1000003" });
    await billParent("M444-00001");
    const detail = present(await getBagDetail(db().db, biller, " 1000003 "));
    expect(detail.bag).toEqual({
      qr: "1000003",
      type: "child",
      status: "pending",
      childCount: 0,
      capacity: null,
      dispatchArea: "lucknow",
      createdAt: expect.any(Date),
      createdBy: lucknow.username,
    });
    expect(detail.parent).toEqual({ qr: "M444-00001", status: "in_progress" });
    expect(detail.children).toEqual([]);
    expect(detail.bill).toEqual({ billNumber: "INV-1", status: "processing" });
    expect(detail.recentScans).toHaveLength(1);
  });

  it("returns null for an unknown or unreadable QR", async () => {
    expect(await getBagDetail(db().db, biller, "SB09999")).toBeNull();
    expect(await getBagDetail(db().db, biller, "x")).toBeNull();
    expect(await getBagDetail(db().db, biller, "A".repeat(300))).toBeNull();
  });

  it("hides another area's bags from a dispatcher, exactly like unknown ones", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00002" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00002", qr: "1000004" });
    expect(await getBagDetail(db().db, indore, "SB00002")).toBeNull();
    expect(await getBagDetail(db().db, indore, "1000004")).toBeNull();
    expect(await getBagDetail(db().db, { role: "dispatcher", dispatchArea: null }, "SB00002")).toBeNull();
    expect(await getBagDetail(db().db, biller, "SB00002")).not.toBeNull();
    expect(await refusalOf(scanParent(ctxOf(db().db, indore), { qr: "SB00002" }))).toMatchObject({ status: 403, code: "wrong_area" });
  });

  it("lists at most the 50 most recent scans", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00003" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00003", qr: "1000005" });
    for (let i = 0; i < 55; i += 1) await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00003", qr: "1000005" });
    const detail = present(await getBagDetail(db().db, lucknow, "SB00003"));
    expect(detail.recentScans).toHaveLength(50);
    expect(detail.recentScans.every((s) => s.result === "duplicate")).toBe(true);
  });
});
