import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, bags, links, scans } from "@/db/schema";
import type { Actor } from "@/lib/server/service";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";
import { setupTestDb } from "../support/db";
import { ctxOf } from "../support/context";
import { childLabels, countAll, driftedParents, makeScanCast, present, refusalOf, truncateScanData, driftedFollows } from "../support/scan";

const db = setupTestDb();

let ravi: Actor;
let meena: Actor;
let indore: Actor;
let admin: Actor;

beforeAll(async () => ({ ravi, meena, indore, admin } = await makeScanCast(db())));
beforeEach(async () => truncateScanData(db()));

async function parentState(qr: string) {
  const [row] = await db().db.select({ childCount: bags.childCount, status: bags.status }).from(bags).where(eq(bags.qr, qr));
  return row;
}

async function childScanEvents() {
  return db()
    .db.select({ qr: scans.qr, result: scans.result, undoneAt: scans.undoneAt, undoneBy: scans.undoneBy })
    .from(scans)
    .where(eq(scans.action, "child"))
    .orderBy(scans.id);
}

async function ageLinks(qr: string, minutes: number) {
  await db().rows(sql`update links set created_at = now() - make_interval(mins => ${minutes})
    where child_bag_id = (select id from bags where qr = ${qr})`);
}

describe("undoLastScan", () => {
  it("removes the user's last link, keeps the history and leaves the child free", async () => {
    await scanParent(ctxOf(db().db, ravi), { qr: "SB00001" });
    await scanChild(ctxOf(db().db, ravi), { parentQr: "SB00001", qr: "1000001" });
    await scanChild(ctxOf(db().db, ravi), { parentQr: "SB00001", qr: "1000002" });
    const before = await countAll(db());

    const result = await undoLastScan(ctxOf(db().db, ravi), { parentQr: "sb00001" });
    expect(result).toEqual({ undone: { childQr: "1000002" }, parentQr: "SB00001", childCount: 1, capacity: 30, parentStatus: "in_progress" });
    expect(await parentState("SB00001")).toEqual({ childCount: 1, status: "in_progress" });
    const after = await countAll(db());
    expect(after).toMatchObject({ bags: before.bags, links: before.links - 1, scans: before.scans + 1 });

    const events = await childScanEvents();
    expect(events.map((e) => [e.qr, e.result, e.undoneAt !== null, e.undoneBy])).toEqual([
      ["1000001", "linked", false, null],
      ["1000002", "linked", true, ravi.id],
    ]);
    const [undoEvent] = await db().db.select({ result: scans.result, qr: scans.qr }).from(scans).where(eq(scans.action, "undo"));
    expect(undoEvent).toEqual({ result: "undone", qr: "1000002" });
    const audit = await db().db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "child_unlinked"));
    expect(audit).toEqual([{ details: expect.objectContaining({ parentQr: "SB00001", childQr: "1000002" }) }]);

    // The child bag stayed and may be packed again, here or into another parent.
    await scanParent(ctxOf(db().db, ravi), { qr: "SB00002" });
    expect(await scanChild(ctxOf(db().db, ravi), { parentQr: "SB00002", qr: "1000002" })).toMatchObject({ result: "linked", childCount: 1 });
  });

  it("reopens a completed parent", async () => {
    await scanParent(ctxOf(db().db, ravi), { qr: "M444-00001" });
    for (const qr of childLabels(2000001, 15)) await scanChild(ctxOf(db().db, ravi), { parentQr: "M444-00001", qr });
    expect(await parentState("M444-00001")).toEqual({ childCount: 15, status: "completed" });
    expect(await undoLastScan(ctxOf(db().db, ravi), { parentQr: "M444-00001" })).toMatchObject({ childCount: 14, parentStatus: "in_progress" });
    expect(await scanChild(ctxOf(db().db, ravi), { parentQr: "M444-00001", qr: "2999999" })).toMatchObject({ result: "linked", parentStatus: "completed" });
  });

  it("returns an emptied parent to pending and then has nothing to undo", async () => {
    await scanParent(ctxOf(db().db, ravi), { qr: "SB00003" });
    await scanChild(ctxOf(db().db, ravi), { parentQr: "SB00003", qr: "1000003" });
    expect(await undoLastScan(ctxOf(db().db, ravi), { parentQr: "SB00003" })).toMatchObject({ childCount: 0, parentStatus: "pending" });
    expect(await refusalOf(undoLastScan(ctxOf(db().db, ravi), { parentQr: "SB00003" }))).toMatchObject({ status: 404, code: "nothing_to_undo" });
  });

  it("undoes only the user's own links, newest first", async () => {
    await scanParent(ctxOf(db().db, ravi), { qr: "SB00004" });
    await scanChild(ctxOf(db().db, ravi), { parentQr: "SB00004", qr: "1000004" });
    await scanChild(ctxOf(db().db, meena), { parentQr: "SB00004", qr: "1000005" });
    expect(await undoLastScan(ctxOf(db().db, ravi), { parentQr: "SB00004" })).toMatchObject({ undone: { childQr: "1000004" }, childCount: 1 });
    expect(await refusalOf(undoLastScan(ctxOf(db().db, ravi), { parentQr: "SB00004" }))).toMatchObject({ code: "nothing_to_undo" });
    expect(await undoLastScan(ctxOf(db().db, meena), { parentQr: "SB00004" })).toMatchObject({ undone: { childQr: "1000005" }, childCount: 0 });
  });

  it("refuses to undo a link older than one hour, but an admin may undo any link of any age", async () => {
    await scanParent(ctxOf(db().db, ravi), { qr: "SB00005" });
    await scanChild(ctxOf(db().db, ravi), { parentQr: "SB00005", qr: "1000006" });
    await scanChild(ctxOf(db().db, ravi), { parentQr: "SB00005", qr: "1000007" });
    await ageLinks("1000007", 61);
    await ageLinks("1000006", 120);
    const refusal = await refusalOf(undoLastScan(ctxOf(db().db, ravi), { parentQr: "SB00005" }));
    expect(refusal).toMatchObject({ status: 404, code: "nothing_to_undo" });
    expect(refusal.message).toContain("60 minutes");
    expect(await undoLastScan(ctxOf(db().db, admin), { parentQr: "SB00005" })).toMatchObject({ undone: { childQr: "1000007" }, childCount: 1 });
    const [event] = await db().db.select({ undoneBy: scans.undoneBy }).from(scans).where(eq(scans.qr, "1000007"));
    expect(event?.undoneBy).toBe(admin.id);
  });

  it("answers parent_not_found for another area's parent and invalid_qr for a bad label", async () => {
    await scanParent(ctxOf(db().db, indore), { qr: "SB00006" });
    await scanChild(ctxOf(db().db, indore), { parentQr: "SB00006", qr: "1000008" });
    expect(await refusalOf(undoLastScan(ctxOf(db().db, ravi), { parentQr: "SB00006" }))).toMatchObject({ status: 404, code: "parent_not_found" });
    expect(await refusalOf(undoLastScan(ctxOf(db().db, ravi), { parentQr: "SB0006" }))).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(await refusalOf(undoLastScan(ctxOf(db().db, ravi), { parentQr: "1000008" }))).toMatchObject({ status: 409, code: "wrong_type" });
    expect(await parentState("SB00006")).toEqual({ childCount: 1, status: "in_progress" });
  });

  it("refuses a dispatcher without an area", async () => {
    expect(await refusalOf(undoLastScan(ctxOf(db().db, { ...ravi, dispatchArea: null }), { parentQr: "SB00007" }))).toMatchObject({ status: 403, code: "no_area" });
  });

  it("keeps counters equal to link rows through scans and undos", async () => {
    await scanParent(ctxOf(db().db, ravi), { qr: "SB00008" });
    const labels = childLabels(5000001, 8);
    for (const qr of labels) await scanChild(ctxOf(db().db, ravi), { parentQr: "SB00008", qr });
    for (let i = 0; i < 3; i += 1) await undoLastScan(ctxOf(db().db, ravi), { parentQr: "SB00008" });
    await scanChild(ctxOf(db().db, ravi), { parentQr: "SB00008", qr: present(labels[7]) });
    expect(await parentState("SB00008")).toEqual({ childCount: 6, status: "in_progress" });
    expect(await db().db.select({ id: links.id }).from(links)).toHaveLength(6);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });
});
