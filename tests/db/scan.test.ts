import { and, desc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, bags, links, scans } from "@/db/schema";
import type { Actor } from "@/lib/server/service";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { truncateAll, setupTestDb } from "../support/db";
import { ctxOf, TEST_META } from "../support/context";
import { makeUser } from "../support/factories";
import { childLabels, countAll, driftedParents, present, refusalOf, truncateScanData, driftedFollows } from "../support/scan";

const db = setupTestDb();

let lucknow: Actor;
let indore: Actor;
let biller: Actor;
let admin: Actor;

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
    const { parent } = await scanParent(ctxOf(db().db, lucknow), { qr: " sb00001\r\n" });
    // The area is not part of the answer (the station does not show it); it is stored on the bag.
    expect(parent).toEqual({ qr: "SB00001", type: "SB", status: "pending", childCount: 0, capacity: 30, finished: null, created: true });
    expect(await bagRow("SB00001")).toMatchObject({ type: "parent", area: "lucknow" });
    expect(await scanResults("parent")).toEqual(["created"]);
    const audit = await db().db.select({ action: auditLog.action, userId: auditLog.userId, ip: auditLog.ip }).from(auditLog).where(eq(auditLog.action, "parent_created"));
    expect(audit).toEqual([{ action: "parent_created", userId: lucknow.id, ip: TEST_META.ip }]);
  });

  it("creates an M444 parent with capacity 15", async () => {
    const { parent } = await scanParent(ctxOf(db().db, lucknow), { qr: "m444-00042" });
    expect(parent).toMatchObject({ qr: "M444-00042", type: "M444", capacity: 15, created: true });
  });

  it("selects an existing parent without creating it again", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00002" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00002", qr: "1000001" });
    const { parent } = await scanParent(ctxOf(db().db, lucknow), { qr: "sb00002" });
    expect(parent).toMatchObject({ qr: "SB00002", created: false, childCount: 1, status: "in_progress" });
    expect(await scanResults("parent")).toEqual(["created", "selected"]);
    expect((await countAll(db())).bags).toBe(2);
  });

  it("refuses a biller or admin without a station area a new parent (area_required), storing nothing", async () => {
    for (const who of [biller, admin]) {
      const refusal = await refusalOf(scanParent(ctxOf(db().db, who), { qr: "SB00003" }));
      expect(refusal).toEqual({ status: 400, code: "area_required", message: "Choose this station's dispatch area before scanning a new parent." });
    }
    expect(await bagRow("SB00003")).toBeUndefined();
  });

  it("creates a biller's new parent in the station's area, and keeps an existing parent's area", async () => {
    expect((await scanParent(ctxOf(db().db, biller), { qr: "SB00003", area: "lucknow" })).parent.created).toBe(true);
    expect((await bagRow("SB00003"))?.area).toBe("lucknow");
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00004" });
    // An existing parent needs no station area, and a different one does not move it.
    expect((await scanParent(ctxOf(db().db, admin), { qr: "SB00004" })).parent).toMatchObject({ created: false });
    expect((await scanParent(ctxOf(db().db, admin), { qr: "SB00004", area: "indore" })).parent).toMatchObject({ created: false });
    expect(await bagRow("SB00004")).toMatchObject({ area: "lucknow" });
  });

  it("lets a Lucknow dispatcher scan children into a biller's Lucknow parent and finish it", async () => {
    await scanParent(ctxOf(db().db, biller), { qr: "SB00030", area: "lucknow" });
    await scanChild(ctxOf(db().db, biller), { parentQr: "SB00030", qr: "5000001" });
    expect(await bagRow("5000001")).toMatchObject({ area: "lucknow" });
    expect((await scanParent(ctxOf(db().db, lucknow), { qr: "SB00030" })).parent).toMatchObject({ created: false, childCount: 1 });
    let last;
    for (const qr of childLabels(5000002, 29)) last = await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00030", qr });
    expect(last).toMatchObject({ result: "linked", childCount: 30, parentStatus: "completed" });
    expect(await refusalOf(scanParent(ctxOf(db().db, indore), { qr: "SB00030" }))).toMatchObject({ status: 403, code: "wrong_area" });
  });

  it("refuses a dispatcher asking for another area than their own, and accepts their own", async () => {
    const refusal = await refusalOf(scanParent(ctxOf(db().db, lucknow), { qr: "SB00031", area: "indore" }));
    expect(refusal).toMatchObject({ status: 403, code: "wrong_area" });
    expect(refusal.message).toBe("You pack for Lucknow only; this station asked for Indore.");
    expect(await bagRow("SB00031")).toBeUndefined();
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00031", area: "lucknow" });
    expect(await bagRow("SB00031")).toMatchObject({ area: "lucknow" });
  });

  it("refuses an unknown station area", async () => {
    expect(await refusalOf(scanParent(ctxOf(db().db, biller), { qr: "SB00032", area: "delhi" }))).toMatchObject({ status: 400, code: "invalid_input" });
  });

  it("moves an area-less parent (older data) and its children into the area of the station that scans it", async () => {
    // Older data: a parent and a child without an area, as billers created them before.
    const [parent] = await db().db.insert(bags).values({ qr: "SB00033", type: "parent", capacity: 30, childCount: 1, status: "in_progress" }).returning({ id: bags.id });
    const [child] = await db().db.insert(bags).values({ qr: "6000001", type: "child" }).returning({ id: bags.id });
    await db().db.insert(links).values({ parentBagId: present(parent).id, childBagId: present(child).id });
    expect((await scanParent(ctxOf(db().db, lucknow), { qr: "SB00033" })).parent).toMatchObject({ created: false, childCount: 1 });
    expect(await bagRow("SB00033")).toMatchObject({ area: "lucknow" });
    expect(await bagRow("6000001")).toMatchObject({ area: "lucknow" });
    expect(await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00033", qr: "6000002" })).toMatchObject({ result: "linked", childCount: 2 });
    const audit = await db().db.select({ after: auditLog.after, userId: auditLog.userId }).from(auditLog).where(eq(auditLog.action, "parent_area_set"));
    expect(audit).toEqual([{ after: { dispatchArea: "lucknow" }, userId: lucknow.id }]);
    // Now it is Lucknow's: Indore is refused as for any other area's parent.
    expect(await refusalOf(scanParent(ctxOf(db().db, indore), { qr: "SB00033" }))).toMatchObject({ status: 403, code: "wrong_area" });
  });

  it("refuses an invalid label, saying what was expected and what was scanned, and stores nothing", async () => {
    const before = await countAll(db());
    const refusal = await refusalOf(scanParent(ctxOf(db().db, lucknow), { qr: "SB1234" }));
    expect(refusal).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(refusal.message).toContain("SB1234");
    expect(refusal.message).toMatch(/SB \+ 5 digits/);
    expect(await refusalOf(scanParent(ctxOf(db().db, lucknow), { qr: "\u0000\u200b " }))).toMatchObject({ code: "invalid_qr" });
    expect(await countAll(db())).toEqual(before);
  });

  it("refuses a child label scanned as a parent, and records the refusal", async () => {
    const refusal = await refusalOf(scanParent(ctxOf(db().db, lucknow), { qr: "0016557" }));
    expect(refusal).toMatchObject({ status: 409, code: "wrong_type" });
    expect(refusal.message).toContain("0016557");
    expect(await scanResults("parent")).toEqual(["rejected:wrong_type"]);
    expect((await countAll(db())).bags).toBe(0);
  });

  it("refuses a parent label that is stored as a child bag (a QR keeps its role forever)", async () => {
    await db().db.insert(bags).values({ qr: "SB00005", type: "child" });
    expect(await refusalOf(scanParent(ctxOf(db().db, admin), { qr: "SB00005" }))).toMatchObject({ status: 409, code: "wrong_type" });
  });

  it("refuses a dispatcher scanning another area's parent", async () => {
    await scanParent(ctxOf(db().db, indore), { qr: "SB00006" });
    await scanParent(ctxOf(db().db, biller), { qr: "SB00007", area: "indore" });
    for (const qr of ["SB00006", "SB00007"]) {
      const refusal = await refusalOf(scanParent(ctxOf(db().db, lucknow), { qr }));
      expect(refusal).toMatchObject({ status: 403, code: "wrong_area" });
      expect(refusal.message).toMatch(/another dispatch area.*Lucknow/);
    }
    expect(await scanResults("parent")).toEqual(["created", "created", "rejected:wrong_area", "rejected:wrong_area"]);
  });

  it("refuses a dispatcher without an area", async () => {
    const noArea: Actor = { ...lucknow, dispatchArea: null };
    expect(await refusalOf(scanParent(ctxOf(db().db, noArea), { qr: "SB00008" }))).toMatchObject({ status: 403, code: "no_area" });
    expect(await refusalOf(scanChild(ctxOf(db().db, noArea), { parentQr: "SB00008", qr: "1000001" }))).toMatchObject({ status: 403, code: "no_area" });
    expect(await countAll(db())).toMatchObject({ bags: 0, scans: 0 });
  });
});

describe("scanChild", () => {
  it("writes the same rows for a new label (one statement) as for a loose one (the full path), and the same answer", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00040" });
    // A loose child from a label batch takes the full path; a label never seen takes the one-statement path.
    await db().db.insert(bags).values({ qr: "3000002", type: "child", dispatchArea: "lucknow" });
    const quick = await scanChild(ctxOf(db().db, lucknow), { parentQr: "sb00040", qr: "3000001" });
    const full = await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00040", qr: "3000002" });
    expect(quick).toEqual({ result: "linked", childQr: "3000001", parentQr: "SB00040", childCount: 1, capacity: 30, parentStatus: "in_progress" });
    expect(full).toEqual({ result: "linked", childQr: "3000002", parentQr: "SB00040", childCount: 2, capacity: 30, parentStatus: "in_progress" });
    const parent = present(await bagRow("SB00040"));
    const rows = await db()
      .db.select({ entityType: auditLog.entityType, entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after, details: auditLog.details, userId: auditLog.userId, actor: auditLog.actor, ip: auditLog.ip, requestId: auditLog.requestId })
      .from(auditLog)
      .where(eq(auditLog.action, "child_linked"))
      .orderBy(auditLog.id);
    const childIds = await db().db.select({ qr: bags.qr, id: bags.id, parent: bags.parentBagId }).from(bags).where(eq(bags.type, "child")).orderBy(bags.qr);
    const linkIds = await db().db.select({ id: links.id, child: links.childBagId }).from(links).orderBy(links.id);
    const same = { entityType: "bag", entityId: String(parent.id), userId: lucknow.id, actor: lucknow.username, ip: TEST_META.ip, requestId: TEST_META.requestId };
    expect(rows).toEqual([
      { ...same, before: { childCount: 0, status: "pending" }, after: { childCount: 1, status: "in_progress" }, details: { parentQr: "SB00040", childQr: "3000001", childId: childIds[0]?.id, childCreated: true, linkId: linkIds[0]?.id } },
      { ...same, before: { childCount: 1, status: "in_progress" }, after: { childCount: 2, status: "in_progress" }, details: { parentQr: "SB00040", childQr: "3000002", childId: childIds[1]?.id, childCreated: false, linkId: linkIds[1]?.id } },
    ]);
    expect(childIds.map((c) => c.parent)).toEqual([parent.id, parent.id]);
    const scanRows = await db().db.select({ userId: scans.userId, result: scans.result, qr: scans.qr, parent: scans.parentBagId, child: scans.childBagId, area: scans.dispatchArea }).from(scans).where(eq(scans.action, "child")).orderBy(scans.id);
    expect(scanRows).toEqual([
      { userId: lucknow.id, result: "linked", qr: "3000001", parent: parent.id, child: childIds[0]?.id, area: "lucknow" },
      { userId: lucknow.id, result: "linked", qr: "3000002", parent: parent.id, child: childIds[1]?.id, area: "lucknow" },
    ]);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("a keyed scan of a new label (the one statement in a savepoint) writes what an unkeyed one does", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00041" });
    const keyed = await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00041", qr: "3000011", idempotencyKey: "k-quick-0001" });
    expect(keyed).toEqual({ result: "linked", childQr: "3000011", parentQr: "SB00041", childCount: 1, capacity: 30, parentStatus: "in_progress" });
    // A label that exists already (the try changes nothing) in the same kind of call.
    await db().db.insert(bags).values({ qr: "3000012", type: "child", dispatchArea: "lucknow" });
    const loose = await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00041", qr: "3000012", idempotencyKey: "k-quick-0002" });
    expect(loose).toMatchObject({ result: "linked", childCount: 2 });
    const again = await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00041", qr: "3000011", idempotencyKey: "k-quick-0001" });
    expect(again).toMatchObject({ result: "linked", childCount: 1, replayed: true });
    expect(await db().db.select({ id: links.id }).from(links)).toHaveLength(2);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("a full, finished, billed or irregular parent is left to the full path, which refuses or counts it as before", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00042" });
    // in_progress at zero children (not something the verbs leave, but the one statement must not guess its before-status)
    await db().db.update(bags).set({ status: "in_progress" }).where(eq(bags.qr, "SB00042"));
    const odd = await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00042", qr: "3000021" });
    expect(odd).toMatchObject({ result: "linked", childCount: 1, parentStatus: "in_progress" });
    const [audit] = await db().db.select({ before: auditLog.before }).from(auditLog).where(eq(auditLog.action, "child_linked")).orderBy(desc(auditLog.id)).limit(1);
    expect(audit?.before).toEqual({ childCount: 0, status: "in_progress" });
  });

  it("creates and links a new child in the parent's area, counting it in the same transaction", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00010" });
    const result = await scanChild(ctxOf(db().db, lucknow), { parentQr: "sb00010", qr: " 0016557 " });
    expect(result).toEqual({ result: "linked", childQr: "0016557", parentQr: "SB00010", childCount: 1, capacity: 30, parentStatus: "in_progress" });
    expect(await bagRow("0016557")).toMatchObject({ type: "child", area: "lucknow" });
    expect(await bagRow("SB00010")).toMatchObject({ childCount: 1, status: "in_progress" });
    expect(await scanResults("child")).toEqual(["linked"]);
    const audit = await db().db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "child_linked"));
    expect(audit).toEqual([{ details: expect.objectContaining({ parentQr: "SB00010", childQr: "0016557", childCreated: true }) }]);
  });

  it("answers duplicate for a child already on this parent, changes nothing, and records the scan", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00011" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00011", qr: "0016557" });
    const before = await countAll(db());
    const again = await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00011", qr: "0016557" });
    expect(again).toMatchObject({ result: "duplicate", childCount: 1, parentStatus: "in_progress" });
    const after = await countAll(db());
    expect(after).toEqual({ ...before, scans: before.scans + 1 });
    expect(await scanResults("child")).toEqual(["linked", "duplicate"]);
  });

  it("rejects a child already on another parent, naming that parent", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00012" });
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00013" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00012", qr: "0016557" });
    const refusal = await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00013", qr: "0016557" }));
    expect(refusal).toEqual({ status: 409, code: "linked_elsewhere", message: "Child 0016557 is already in parent SB00012." });
    expect(await bagRow("SB00013")).toMatchObject({ childCount: 0, status: "pending" });
    expect(await scanResults("child")).toEqual(["linked", "rejected:linked_elsewhere"]);
  });

  it("does not name another area's parent to a dispatcher", async () => {
    await scanParent(ctxOf(db().db, indore), { qr: "SB00014" });
    await scanChild(ctxOf(db().db, indore), { parentQr: "SB00014", qr: "0016557" });
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00015" });
    const refusal = await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00015", qr: "0016557" }));
    expect(refusal.code).toBe("linked_elsewhere");
    expect(refusal.message).not.toContain("SB00014");
    expect((await refusalOf(scanChild(ctxOf(db().db, biller), { parentQr: "SB00015", qr: "0016557" }))).message).toContain("SB00014");
  });

  it("refuses a dispatcher a free child of another area; a biller may link it and it takes the parent's area", async () => {
    await db().db.insert(bags).values({ qr: "0020001", type: "child", dispatchArea: "indore" });
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00016" });
    expect(await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00016", qr: "0020001" }))).toMatchObject({ status: 403, code: "wrong_area" });
    expect(await scanChild(ctxOf(db().db, biller), { parentQr: "SB00016", qr: "0020001" })).toMatchObject({ result: "linked" });
    expect(await bagRow("0020001")).toMatchObject({ area: "lucknow" });
  });

  it("refuses a parent label scanned as a child, and a child QR stored as a parent", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00017" });
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00018" });
    expect(await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00017", qr: "SB00018" }))).toMatchObject({ status: 409, code: "wrong_type" });
    await db().db.insert(bags).values({ qr: "1000777", type: "parent", capacity: 30, dispatchArea: "lucknow" });
    expect(await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00017", qr: "1000777" }))).toMatchObject({ status: 409, code: "wrong_type" });
    expect(await bagRow("SB00017")).toMatchObject({ childCount: 0 });
  });

  it("refuses a child label as the parent, and a parent QR stored as a child", async () => {
    expect(await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "0016557", qr: "0016558" }))).toMatchObject({ status: 409, code: "wrong_type" });
    await db().db.insert(bags).values({ qr: "SB00019", type: "child", dispatchArea: "lucknow" });
    expect(await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00019", qr: "0016558" }))).toMatchObject({ status: 409, code: "wrong_type" });
    expect(await bagRow("0016558")).toBeUndefined();
  });

  it("refuses invalid labels without storing anything", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00020" });
    const before = await countAll(db());
    for (const [parentQr, qr] of [["SB00020", "ab"], ["SB00020", "'; drop table bags;--"], ["SB0002", "0016557"], ["SB00020", "<script>"]] as const) {
      expect(await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr, qr }))).toMatchObject({ status: 400, code: "invalid_qr" });
    }
    expect(await countAll(db())).toEqual(before);
  });

  it("answers parent_not_found for an unknown parent and for another area's parent", async () => {
    expect(await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00021", qr: "0016557" }))).toMatchObject({ status: 404, code: "parent_not_found" });
    await scanParent(ctxOf(db().db, indore), { qr: "SB00022" });
    expect(await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00022", qr: "0016557" }))).toMatchObject({ status: 404, code: "parent_not_found" });
    expect(await bagRow("0016557")).toBeUndefined();
    expect(await scanResults("child")).toEqual(["rejected:parent_not_found", "rejected:parent_not_found"]);
  });

  it("completes a parent at capacity and then refuses more with parent_full", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "M444-00001" });
    const labels = childLabels(3000001, 16);
    const results = [];
    for (const qr of labels.slice(0, 15)) results.push(await scanChild(ctxOf(db().db, lucknow), { parentQr: "M444-00001", qr }));
    expect(results.map((r) => r.parentStatus)).toEqual([...Array(14).fill("in_progress"), "completed"]);
    expect(results.at(-1)).toMatchObject({ childCount: 15, capacity: 15 });
    const refusal = await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "M444-00001", qr: present(labels[15]) }));
    expect(refusal).toMatchObject({ status: 409, code: "parent_full" });
    expect(refusal.message).toContain("15/15");
    expect(await bagRow(present(labels[15]))).toBeUndefined();
    expect(await scanChild(ctxOf(db().db, lucknow), { parentQr: "M444-00001", qr: present(labels[0]) })).toMatchObject({ result: "duplicate" });
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("refuses a parent marked completed below capacity with parent_completed", async () => {
    await scanParent(ctxOf(db().db, lucknow), { qr: "SB00023" });
    await scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00023", qr: "0016557" });
    // Completed below capacity is only ever a finished parent (bags_completed_check).
    await db().db.update(bags).set({ status: "completed", finishedAt: new Date(), finishReason: "Short lot" }).where(eq(bags.qr, "SB00023"));
    expect(await refusalOf(scanChild(ctxOf(db().db, lucknow), { parentQr: "SB00023", qr: "0016558" }))).toMatchObject({ status: 409, code: "parent_completed" });
  });

  it("keeps child_count equal to the link rows", async () => {
    await scanParent(ctxOf(db().db, biller), { qr: "SB00024", area: "hisar" });
    for (const qr of childLabels(4000001, 5)) await scanChild(ctxOf(db().db, biller), { parentQr: "SB00024", qr });
    const parent = present(await bagRow("SB00024"));
    const rows = await db().db.select({ id: links.id }).from(links).where(and(eq(links.parentBagId, parent.id)));
    expect(parent.childCount).toBe(5);
    expect(rows).toHaveLength(5);
  });
});
