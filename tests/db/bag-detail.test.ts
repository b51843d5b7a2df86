import { asc, desc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bags, billBags, bills, links, scans } from "@/db/schema";
import { hiddenBagMessage } from "@/lib/server/bags/lookup";
import { getBagDetail, requireBagDetail } from "@/lib/server/bags/queries";
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
    // One prepared statement per scope: the next viewer's area is its own parameter, not the last one's.
    expect(await getBagDetail(db().db, lucknow, "1000004")).toMatchObject({ bag: { qr: "1000004" }, parent: { qr: "SB00002" } });
    expect(await getBagDetail(db().db, indore, "1000004")).toBeNull();
    expect(await getBagDetail(db().db, { role: "dispatcher", dispatchArea: null }, "SB00002")).toBeNull();
    expect(await getBagDetail(db().db, biller, "SB00002")).not.toBeNull();
    expect(await refusalOf(scanParent(ctxOf(db().db, indore), { qr: "SB00002" }))).toMatchObject({ status: 403, code: "wrong_area" });
  });

  it("gives children in packing order and events newest first, with the stored times", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00004" });
    for (const qr of ["1000009", "1000007", "1000008"]) await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00004", qr });
    const detail = present(await getBagDetail(db().db, lucknow, "SB00004"));
    const stored = await db().db
      .select({ qr: bags.qr, at: links.createdAt })
      .from(links)
      .innerJoin(bags, eq(bags.id, links.childBagId))
      .orderBy(asc(links.createdAt), asc(links.id));
    expect(detail.children.map((c) => c.qr)).toEqual(["1000009", "1000007", "1000008"]);
    expect(detail.children.map((c) => [c.qr, c.linkedAt.getTime()])).toEqual(stored.map((r) => [r.qr, r.at.getTime()]));
    const events = await db().db.select({ at: scans.createdAt, qr: scans.qr }).from(scans).orderBy(desc(scans.createdAt), desc(scans.id));
    expect(detail.recentScans.map((s) => [s.qr, s.at.getTime()])).toEqual(events.map((e) => [e.qr, e.at.getTime()]));
    expect(detail.recentScans.every((s) => s.at instanceof Date && !Number.isNaN(s.at.getTime()))).toBe(true);
    // A child lists its own events only (child_bag_id), not its parent's.
    const child = present(await getBagDetail(db().db, lucknow, "1000007"));
    expect(child.recentScans.map((s) => [s.action, s.qr])).toEqual([["child", "1000007"]]);
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

// The label printer's QR text (reference §6.2) carries the bag's number after "LABEL NO.".
const LABEL_TEXT = "LABEL NO.:0016586 LOT NO.:STAR44GG24611, D.O.T.:30/09/2025";

describe("scanning the label printer's text", () => {
  it("packs the child whose number the label text carries, and finds it by that text", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00005" });
    const result = await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00005", qr: LABEL_TEXT });
    expect(result).toMatchObject({ result: "linked", childQr: "0016586", parentQr: "SB00005", childCount: 1 });
    const again = await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00005", qr: "label no.0016586 lot no.:x" });
    expect(again).toMatchObject({ result: "duplicate", childQr: "0016586", childCount: 1 });

    const parent = present(await getBagDetail(db().db, lucknow, "SB00005"));
    expect(parent.children.map((c) => c.qr)).toEqual(["0016586"]);
    const child = present(await getBagDetail(db().db, lucknow, LABEL_TEXT));
    expect(child.bag).toMatchObject({ qr: "0016586", type: "child" });
    expect(child.recentScans.map((s) => s.qr)).toEqual(["0016586", "0016586"]);
  });

  it("refuses label text without a label number, saying so, and packs nothing", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00006" });
    const refusal = await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00006", qr: "LABEL NO.: LOT NO.:STAR44GG24611" }));
    expect(refusal).toMatchObject({ status: 400, code: "invalid_qr", message: expect.stringContaining('without a label number after "LABEL NO."') });
    expect(present(await getBagDetail(db().db, lucknow, "SB00006")).bag.childCount).toBe(0);
  });
});

describe("looking up a bag the viewer may not see", () => {
  it("answers as the scan station does: it belongs to another dispatch area, with none of its details", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00007" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00007", qr: "1000007" });
    const scanRefusal = await refusalOf(scanParent(ctxOf(db().db, indore), { qr: "SB00007" }));
    expect(scanRefusal).toMatchObject({ status: 403, code: "wrong_area", message: expect.stringContaining("belongs to another dispatch area") });

    expect(await refusalOf(requireBagDetail(db().db, indore, "sb00007"))).toEqual({
      status: 403,
      code: "wrong_area",
      message: "Bag SB00007 belongs to another dispatch area; you can see only Indore bags.",
    });
    expect(await refusalOf(requireBagDetail(db().db, indore, "1000007"))).toMatchObject({ status: 403, code: "wrong_area" });
    expect(await hiddenBagMessage(db().db, { role: "dispatcher", dispatchArea: null }, "SB00007")).toBe(
      "You have no dispatch area yet, so you cannot see bag SB00007. Ask an admin to assign one.",
    );
    // Never for bags the viewer sees or that do not exist.
    expect(await hiddenBagMessage(db().db, lucknow, "SB00007")).toBeNull();
    expect(await hiddenBagMessage(db().db, biller, "SB00007")).toBeNull();
    expect(await hiddenBagMessage(db().db, indore, "SB09999")).toBeNull();
  });

  it("says a bag made outside any area belongs to no dispatch area", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00008" });
    await db().db.update(bags).set({ dispatchArea: null }).where(eq(bags.qr, "SB00008"));
    expect(await refusalOf(requireBagDetail(db().db, indore, "SB00008"))).toMatchObject({
      status: 403,
      code: "wrong_area",
      message: "Bag SB00008 belongs to no dispatch area; you can see only Indore bags.",
    });
  });

  it("names an unknown bag in its 404", async () => {
    expect(await refusalOf(requireBagDetail(db().db, indore, " sb09999 "))).toEqual({ status: 404, code: "bag_not_found", message: "No bag SB09999 was found." });
    expect(await refusalOf(requireBagDetail(db().db, biller, LABEL_TEXT))).toEqual({ status: 404, code: "bag_not_found", message: "No bag 0016586 was found." });
  });
});
