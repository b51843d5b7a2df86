import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, bags, links, scans } from "@/db/schema";
import { scanChild, scanParent, type ScanActor } from "@/lib/server/scan/mutations";
import { truncateAll, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { META, childLabels, countAll, driftedParents, present, refusalOf, truncateScanData } from "../support/scan";

const db = setupTestDb();

let lucknow: ScanActor;
let indore: ScanActor;
let biller: ScanActor;
let admin: ScanActor;

beforeAll(async () => {
  await truncateAll(db());
  lucknow = await makeUser(db().db, "dispatcher", "lucknow");
  indore = await makeUser(db().db, "dispatcher", "indore");
  biller = await makeUser(db().db, "biller");
  admin = await makeUser(db().db, "admin");
});
beforeEach(async () => truncateScanData(db()));

async function bagRow(qr: string) {
  const [row] = await db()
    .db.select({ id: bags.id, type: bags.type, area: bags.dispatchArea, status: bags.status, childCount: bags.childCount })
    .from(bags)
    .where(eq(bags.qr, qr));
  return row;
}

async function scanResults(action: "parent" | "child") {
  const rows = await db().db.select({ result: scans.result }).from(scans).where(eq(scans.action, action)).orderBy(scans.id);
  return rows.map((r) => r.result);
}

describe("scanParent", () => {
  it("creates a new SB parent in the dispatcher's area with capacity 30", async () => {
    const { parent } = await scanParent(db().db, lucknow, " sb00001\r\n", META);
    expect(parent).toEqual({ qr: "SB00001", type: "SB", status: "pending", childCount: 0, capacity: 30, dispatchArea: "lucknow", created: true });
    expect(await scanResults("parent")).toEqual(["created"]);
    const audit = await db().db.select({ action: auditLog.action, userId: auditLog.userId, ip: auditLog.ip }).from(auditLog).where(eq(auditLog.action, "parent_created"));
    expect(audit).toEqual([{ action: "parent_created", userId: lucknow.id, ip: META.ip }]);
  });

  it("creates an M444 parent with capacity 15", async () => {
    const { parent } = await scanParent(db().db, lucknow, "m444-00042", META);
    expect(parent).toMatchObject({ qr: "M444-00042", type: "M444", capacity: 15, created: true });
  });

  it("selects an existing parent without creating it again", async () => {
    await scanParent(db().db, lucknow, "SB00002", META);
    await scanChild(db().db, lucknow, "SB00002", "1000001", META);
    const { parent } = await scanParent(db().db, lucknow, "sb00002", META);
    expect(parent).toMatchObject({ qr: "SB00002", created: false, childCount: 1, status: "in_progress" });
    expect(await scanResults("parent")).toEqual(["created", "selected"]);
    expect((await countAll(db())).bags).toBe(2);
  });

  it("creates area-less parents for billers and admins, and keeps an existing parent's area", async () => {
    expect((await scanParent(db().db, biller, "SB00003", META)).parent.dispatchArea).toBeNull();
    await scanParent(db().db, lucknow, "SB00004", META);
    const { parent } = await scanParent(db().db, admin, "SB00004", META);
    expect(parent).toMatchObject({ created: false, dispatchArea: "lucknow" });
  });

  it("refuses an invalid label, saying what was expected and what was scanned, and stores nothing", async () => {
    const before = await countAll(db());
    const refusal = await refusalOf(scanParent(db().db, lucknow, "SB1234", META));
    expect(refusal).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(refusal.message).toContain("SB1234");
    expect(refusal.message).toMatch(/SB \+ 5 digits/);
    expect(await refusalOf(scanParent(db().db, lucknow, "\u0000\u200b ", META))).toMatchObject({ code: "invalid_qr" });
    expect(await countAll(db())).toEqual(before);
  });

  it("refuses a child label scanned as a parent, and records the refusal", async () => {
    const refusal = await refusalOf(scanParent(db().db, lucknow, "0016557", META));
    expect(refusal).toMatchObject({ status: 409, code: "wrong_type" });
    expect(refusal.message).toContain("0016557");
    expect(await scanResults("parent")).toEqual(["rejected:wrong_type"]);
    expect((await countAll(db())).bags).toBe(0);
  });

  it("refuses a parent label that is stored as a child bag (a QR keeps its role forever)", async () => {
    await db().db.insert(bags).values({ qr: "SB00005", type: "child" });
    expect(await refusalOf(scanParent(db().db, admin, "SB00005", META))).toMatchObject({ status: 409, code: "wrong_type" });
  });

  it("refuses a dispatcher scanning another area's parent or an area-less one", async () => {
    await scanParent(db().db, indore, "SB00006", META);
    await scanParent(db().db, biller, "SB00007", META);
    for (const qr of ["SB00006", "SB00007"]) {
      const refusal = await refusalOf(scanParent(db().db, lucknow, qr, META));
      expect(refusal).toMatchObject({ status: 403, code: "wrong_area" });
      expect(refusal.message).toMatch(/another dispatch area.*Lucknow/);
    }
    expect(await scanResults("parent")).toEqual(["created", "created", "rejected:wrong_area", "rejected:wrong_area"]);
  });

  it("refuses a dispatcher without an area", async () => {
    const noArea: ScanActor = { ...lucknow, dispatchArea: null };
    expect(await refusalOf(scanParent(db().db, noArea, "SB00008", META))).toMatchObject({ status: 403, code: "no_area" });
    expect(await refusalOf(scanChild(db().db, noArea, "SB00008", "1000001", META))).toMatchObject({ status: 403, code: "no_area" });
    expect(await countAll(db())).toMatchObject({ bags: 0, scans: 0 });
  });
});

describe("scanChild", () => {
  it("creates and links a new child in the parent's area, counting it in the same transaction", async () => {
    await scanParent(db().db, lucknow, "SB00010", META);
    const result = await scanChild(db().db, lucknow, "sb00010", " 0016557 ", META);
    expect(result).toEqual({ result: "linked", childQr: "0016557", parentQr: "SB00010", childCount: 1, capacity: 30, parentStatus: "in_progress" });
    expect(await bagRow("0016557")).toMatchObject({ type: "child", area: "lucknow" });
    expect(await bagRow("SB00010")).toMatchObject({ childCount: 1, status: "in_progress" });
    expect(await scanResults("child")).toEqual(["linked"]);
    const audit = await db().db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "child_linked"));
    expect(audit).toEqual([{ details: expect.objectContaining({ parentQr: "SB00010", childQr: "0016557", childCreated: true }) }]);
  });

  it("answers duplicate for a child already on this parent, changes nothing, and records the scan", async () => {
    await scanParent(db().db, lucknow, "SB00011", META);
    await scanChild(db().db, lucknow, "SB00011", "0016557", META);
    const before = await countAll(db());
    const again = await scanChild(db().db, lucknow, "SB00011", "0016557", META);
    expect(again).toMatchObject({ result: "duplicate", childCount: 1, parentStatus: "in_progress" });
    const after = await countAll(db());
    expect(after).toEqual({ ...before, scans: before.scans + 1 });
    expect(await scanResults("child")).toEqual(["linked", "duplicate"]);
  });

  it("rejects a child already on another parent, naming that parent", async () => {
    await scanParent(db().db, lucknow, "SB00012", META);
    await scanParent(db().db, lucknow, "SB00013", META);
    await scanChild(db().db, lucknow, "SB00012", "0016557", META);
    const refusal = await refusalOf(scanChild(db().db, lucknow, "SB00013", "0016557", META));
    expect(refusal).toEqual({ status: 409, code: "linked_elsewhere", message: "Child 0016557 is already in parent SB00012." });
    expect(await bagRow("SB00013")).toMatchObject({ childCount: 0, status: "pending" });
    expect(await scanResults("child")).toEqual(["linked", "rejected:linked_elsewhere"]);
  });

  it("does not name another area's parent to a dispatcher", async () => {
    await scanParent(db().db, indore, "SB00014", META);
    await scanChild(db().db, indore, "SB00014", "0016557", META);
    await scanParent(db().db, lucknow, "SB00015", META);
    const refusal = await refusalOf(scanChild(db().db, lucknow, "SB00015", "0016557", META));
    expect(refusal.code).toBe("linked_elsewhere");
    expect(refusal.message).not.toContain("SB00014");
    expect((await refusalOf(scanChild(db().db, biller, "SB00015", "0016557", META))).message).toContain("SB00014");
  });

  it("refuses a dispatcher a free child of another area; a biller may link it and it takes the parent's area", async () => {
    await db().db.insert(bags).values({ qr: "0020001", type: "child", dispatchArea: "indore" });
    await scanParent(db().db, lucknow, "SB00016", META);
    expect(await refusalOf(scanChild(db().db, lucknow, "SB00016", "0020001", META))).toMatchObject({ status: 403, code: "wrong_area" });
    expect(await scanChild(db().db, biller, "SB00016", "0020001", META)).toMatchObject({ result: "linked" });
    expect(await bagRow("0020001")).toMatchObject({ area: "lucknow" });
  });

  it("refuses a parent label scanned as a child, and a child QR stored as a parent", async () => {
    await scanParent(db().db, lucknow, "SB00017", META);
    await scanParent(db().db, lucknow, "SB00018", META);
    expect(await refusalOf(scanChild(db().db, lucknow, "SB00017", "SB00018", META))).toMatchObject({ status: 409, code: "wrong_type" });
    await db().db.insert(bags).values({ qr: "1000777", type: "parent", capacity: 30, dispatchArea: "lucknow" });
    expect(await refusalOf(scanChild(db().db, lucknow, "SB00017", "1000777", META))).toMatchObject({ status: 409, code: "wrong_type" });
    expect(await bagRow("SB00017")).toMatchObject({ childCount: 0 });
  });

  it("refuses a child label as the parent, and a parent QR stored as a child", async () => {
    expect(await refusalOf(scanChild(db().db, lucknow, "0016557", "0016558", META))).toMatchObject({ status: 409, code: "wrong_type" });
    await db().db.insert(bags).values({ qr: "SB00019", type: "child", dispatchArea: "lucknow" });
    expect(await refusalOf(scanChild(db().db, lucknow, "SB00019", "0016558", META))).toMatchObject({ status: 409, code: "wrong_type" });
    expect(await bagRow("0016558")).toBeUndefined();
  });

  it("refuses invalid labels without storing anything", async () => {
    await scanParent(db().db, lucknow, "SB00020", META);
    const before = await countAll(db());
    for (const [parentQr, qr] of [["SB00020", "ab"], ["SB00020", "'; drop table bags;--"], ["SB0002", "0016557"], ["SB00020", "<script>"]] as const) {
      expect(await refusalOf(scanChild(db().db, lucknow, parentQr, qr, META))).toMatchObject({ status: 400, code: "invalid_qr" });
    }
    expect(await countAll(db())).toEqual(before);
  });

  it("answers parent_not_found for an unknown parent and for another area's parent", async () => {
    expect(await refusalOf(scanChild(db().db, lucknow, "SB00021", "0016557", META))).toMatchObject({ status: 404, code: "parent_not_found" });
    await scanParent(db().db, indore, "SB00022", META);
    expect(await refusalOf(scanChild(db().db, lucknow, "SB00022", "0016557", META))).toMatchObject({ status: 404, code: "parent_not_found" });
    expect(await bagRow("0016557")).toBeUndefined();
    expect(await scanResults("child")).toEqual(["rejected:parent_not_found", "rejected:parent_not_found"]);
  });

  it("completes a parent at capacity and then refuses more with parent_full", async () => {
    await scanParent(db().db, lucknow, "M444-00001", META);
    const labels = childLabels(3000001, 16);
    const results = [];
    for (const qr of labels.slice(0, 15)) results.push(await scanChild(db().db, lucknow, "M444-00001", qr, META));
    expect(results.map((r) => r.parentStatus)).toEqual([...Array(14).fill("in_progress"), "completed"]);
    expect(results.at(-1)).toMatchObject({ childCount: 15, capacity: 15 });
    const refusal = await refusalOf(scanChild(db().db, lucknow, "M444-00001", present(labels[15]), META));
    expect(refusal).toMatchObject({ status: 409, code: "parent_full" });
    expect(refusal.message).toContain("15/15");
    expect(await bagRow(present(labels[15]))).toBeUndefined();
    expect(await scanChild(db().db, lucknow, "M444-00001", present(labels[0]), META)).toMatchObject({ result: "duplicate" });
    expect(await driftedParents(db())).toEqual([]);
  });

  it("refuses a parent marked completed below capacity with parent_completed", async () => {
    await scanParent(db().db, lucknow, "SB00023", META);
    await scanChild(db().db, lucknow, "SB00023", "0016557", META);
    await db().db.update(bags).set({ status: "completed" }).where(eq(bags.qr, "SB00023"));
    expect(await refusalOf(scanChild(db().db, lucknow, "SB00023", "0016558", META))).toMatchObject({ status: 409, code: "parent_completed" });
  });

  it("keeps child_count equal to the link rows", async () => {
    await scanParent(db().db, biller, "SB00024", META);
    for (const qr of childLabels(4000001, 5)) await scanChild(db().db, biller, "SB00024", qr, META);
    const parent = present(await bagRow("SB00024"));
    const rows = await db().db.select({ id: links.id }).from(links).where(and(eq(links.parentBagId, parent.id)));
    expect(parent.childCount).toBe(5);
    expect(rows).toHaveLength(5);
  });
});
