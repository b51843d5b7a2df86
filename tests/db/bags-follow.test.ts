// bags.parent_bag_id and bags.bill_id are kept by the statement triggers of migration 0014 from
// links and bill_bags. These tests drive the verbs that change those tables, one by one and
// racing each other on PostgreSQL, and check the bags' copies after each (driftedFollows).
import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bags, billBags, bills, links } from "@/db/schema";
import { createBill, deleteBill } from "@/lib/server/bills/mutations";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { deleteBag } from "@/lib/server/bags/delete";
import { runImport } from "@/lib/server/imports/run";
import { removeChild } from "@/lib/server/scan/remove";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";
import type { Actor } from "@/lib/server/service";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { csvOf } from "../fixtures/imports";
import { ctxOf, settle } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";
import { childLabels, driftedFollows, truncateScanData } from "../support/scan";

// No Redis: the in-process stats store and de-duplication window.
delete process.env.REDIS_URL;

const db = setupTestDb();
let dispatcher: Actor;
let biller: Actor;
let admin: Actor;

beforeAll(async () => {
  setStatsStore(createMemoryStatsStore());
  await truncateAll(db());
  dispatcher = await makeUser(db().db, "dispatcher", "lucknow");
  biller = await makeUser(db().db, "biller");
  admin = await makeUser(db().db, "admin");
});
beforeEach(async () => truncateScanData(db()));

/** Each named bag's parent QR and bill number, as the bag row itself carries them. */
async function follows(qrs: string[]): Promise<Record<string, { parent: string | null; bill: string | null }>> {
  const rows = await db().rows<{ qr: string; parent: string | null; bill: string | null }>(sql`
    select b.qr, p.qr as parent, bl.bill_number as bill
    from bags b left join bags p on p.id = b.parent_bag_id left join bills bl on bl.id = b.bill_id
    where b.qr in (${sql.join(qrs.map((q) => sql`${q}`), sql`, `)})`);
  return Object.fromEntries(rows.map((r) => [r.qr, { parent: r.parent, bill: r.bill }]));
}

/** The database's own words for a refused statement (Drizzle wraps them as the error's cause). */
async function refusalText(statement: PromiseLike<unknown>): Promise<string> {
  try {
    await statement;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    return cause?.message ?? String(err);
  }
  return "(not refused)";
}

async function packed(parentQr: string, children: string[]) {
  await scanParent(ctxOf(db().db, dispatcher), { qr: parentQr });
  for (const qr of children) await scanChild(ctxOf(db().db, dispatcher), { parentQr, qr });
}

describe("bags follow their links and bills", () => {
  it("a scanned child carries its parent; a parent on a bill carries the bill, and so do its children", async () => {
    const kids = childLabels(1000001, 3);
    // One child existed before, unlinked (a label batch): linking it sets its row too.
    await db().db.insert(bags).values({ qr: kids[2] ?? "", type: "child", dispatchArea: "lucknow" });
    expect(await follows([kids[2] ?? ""])).toEqual({ [kids[2] ?? ""]: { parent: null, bill: null } });
    await packed("SB10001", kids);
    expect(await follows(["SB10001", ...kids])).toEqual({
      SB10001: { parent: null, bill: null },
      ...Object.fromEntries(kids.map((k) => [k, { parent: "SB10001", bill: null }])),
    });

    await createBill(ctxOf(db().db, biller), { billNumber: "FOL-1", capacity: 5 });
    await addParentToBill(ctxOf(db().db, biller), { billNumber: "FOL-1", qr: "SB10001" });
    expect(await follows(["SB10001", ...kids])).toEqual({
      SB10001: { parent: null, bill: "FOL-1" },
      ...Object.fromEntries(kids.map((k) => [k, { parent: "SB10001", bill: "FOL-1" }])),
    });
    // A child scanned into a parent already on an (open) bill is on that bill at once.
    await scanChild(ctxOf(db().db, dispatcher), { parentQr: "SB10001", qr: "1000009" });
    expect((await follows(["1000009"]))["1000009"]).toEqual({ parent: "SB10001", bill: "FOL-1" });
    expect(await driftedFollows(db())).toEqual([]);

    await removeChild(ctxOf(db().db, dispatcher), { parentQr: "SB10001", childQr: kids[0] });
    expect((await follows([kids[0] ?? ""]))[kids[0] ?? ""]).toEqual({ parent: null, bill: null });
    await undoLastScan(ctxOf(db().db, dispatcher), { parentQr: "SB10001" });
    expect(await driftedFollows(db())).toEqual([]);

    await removeParentFromBill(ctxOf(db().db, biller), { billNumber: "FOL-1", qr: "SB10001" });
    expect(Object.values(await follows(["SB10001", ...kids])).every((f) => f.bill === null)).toBe(true);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("deleting a bill, a parent or a child leaves no bag pointing at what is gone", async () => {
    await packed("SB10002", childLabels(1000101, 2));
    await packed("SB10003", childLabels(1000201, 2));
    await createBill(ctxOf(db().db, biller), { billNumber: "FOL-2", capacity: 5 });
    await addParentToBill(ctxOf(db().db, biller), { billNumber: "FOL-2", qr: "SB10002" });
    await addParentToBill(ctxOf(db().db, biller), { billNumber: "FOL-2", qr: "SB10003" });
    await deleteBill(ctxOf(db().db, admin), { billNumber: "FOL-2" });
    expect(Object.values(await follows(["SB10002", "1000101", "1000102"])).map((f) => f.bill)).toEqual([null, null, null]);

    await deleteBag(ctxOf(db().db, admin), { qr: "SB10002" });
    // The parent's links went with it (cascade): its children are loose again.
    expect(await follows(["1000101", "1000102"])).toEqual({
      "1000101": { parent: null, bill: null },
      "1000102": { parent: null, bill: null },
    });
    await deleteBag(ctxOf(db().db, admin), { qr: "1000201" });
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("an import links new and loose children with their parents and bills", async () => {
    await db().db.insert(bags).values({ qr: "1000301", type: "child", dispatchArea: "lucknow" });
    const data = csvOf([["parent_qr", "child_qr", "area"], ["SB10004", "1000301", "lucknow"], ["SB10004", "1000302", "lucknow"], ["SB10005", "1000303", "lucknow"]]);
    await runImport(ctxOf(db().db, admin), { kind: "bags", data, fileName: "follow.csv", dryRun: false });
    expect(await follows(["1000301", "1000302", "1000303"])).toEqual({
      "1000301": { parent: "SB10004", bill: null },
      "1000302": { parent: "SB10004", bill: null },
      "1000303": { parent: "SB10005", bill: null },
    });
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("refuses to move a link or a bill row in place (the bags' copies would stay behind)", async () => {
    await packed("SB10006", childLabels(1000401, 1));
    await scanParent(ctxOf(db().db, dispatcher), { qr: "SB10007" });
    const [other] = await db().db.select({ id: bags.id }).from(bags).where(eq(bags.qr, "SB10007"));
    expect(await refusalText(db().db.update(links).set({ parentBagId: other?.id ?? 0 }))).toMatch(/links rows are not moved in place/);
    await createBill(ctxOf(db().db, biller), { billNumber: "FOL-M1", capacity: 5 });
    await createBill(ctxOf(db().db, biller), { billNumber: "FOL-M2", capacity: 5 });
    await addParentToBill(ctxOf(db().db, biller), { billNumber: "FOL-M1", qr: "SB10006" });
    const [second] = await db().db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, "FOL-M2"));
    expect(await refusalText(db().db.update(billBags).set({ billId: second?.id ?? 0 }))).toMatch(/bill_bags rows are not moved in place/);
    // Columns outside the keys may still change.
    await db().db.update(links).set({ createdBy: null });
    expect(await driftedFollows(db())).toEqual([]);
  });
});

// PGlite has a single connection, so real parallelism needs PostgreSQL.
describe.skipIf(!usingPostgres)("bags follow their links and bills under races (PostgreSQL)", () => {
  const stations = () => [dispatcher, admin, biller];

  it("children scanned into a parent while it goes on and off a bill all end on the bill the parent is on", async () => {
    await createBill(ctxOf(db().db, biller), { billNumber: "FOL-R1", capacity: 5 });
    for (let round = 0; round < 8; round += 1) {
      const parentQr = `SB2${String(round).padStart(4, "0")}`;
      await scanParent(ctxOf(db().db, dispatcher), { qr: parentQr });
      const kids = childLabels(2000001 + round * 100, 12);
      // Half exist loose already: their rows are written by the links trigger, not the insert.
      await db().db.insert(bags).values(kids.filter((_, i) => i % 2 === 1).map((qr) => ({ qr, type: "child" as const, dispatchArea: "lucknow" as const })));
      const work: Promise<{ ok: unknown } | { code: string }>[] = [
        ...kids.map((qr, i) => settle(scanChild(ctxOf(db().db, stations()[i % 2] ?? dispatcher), { parentQr, qr }))),
        settle(addParentToBill(ctxOf(db().db, biller), { billNumber: "FOL-R1", qr: parentQr })),
      ];
      if (round % 2 === 1) work.push(settle(removeParentFromBill(ctxOf(db().db, biller), { billNumber: "FOL-R1", qr: parentQr })));
      const outcomes = await Promise.all(work);
      expect(outcomes.filter((o) => "code" in o).map((o) => ("code" in o ? o.code : ""))).toEqual(
        // The removal may come before the add (not on the bill yet): the only refusal allowed.
        outcomes.some((o) => "code" in o) ? ["not_on_bill"] : [],
      );
      expect(await driftedFollows(db())).toEqual([]);
      // Keep the bill's room: take the parent off again when it is still on.
      await settle(removeParentFromBill(ctxOf(db().db, biller), { billNumber: "FOL-R1", qr: parentQr }));
    }
  });

  it("a link written without the parent's lock still takes the bill that goes on meanwhile (the trigger share-locks the parent)", async () => {
    // No verb links without locking the parent first; a raw insert (a repair, a future import)
    // does not, and the bill's trigger must still not miss the new child.
    await scanParent(ctxOf(db().db, dispatcher), { qr: "SB40001" });
    await db().db.insert(bags).values({ qr: "4000001", type: "child", dispatchArea: "lucknow" });
    await createBill(ctxOf(db().db, biller), { billNumber: "FOL-R3", capacity: 5 });
    const ids = await db().db.select({ id: bags.id, qr: bags.qr }).from(bags).where(inArray(bags.qr, ["SB40001", "4000001"]));
    const parentId = ids.find((r) => r.qr === "SB40001")?.id ?? 0;
    const childId = ids.find((r) => r.qr === "4000001")?.id ?? 0;
    const [bill] = await db().db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, "FOL-R3"));
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let linked = () => {};
    const inserted = new Promise<void>((resolve) => (linked = resolve));
    const linking = db().db.transaction(async (tx) => {
      await tx.insert(links).values({ parentBagId: parentId, childBagId: childId });
      linked();
      await held;
    });
    await inserted;
    const billing = db().db.insert(billBags).values({ billId: bill?.id ?? 0, bagId: parentId }).then(() => "billed" as const);
    const first = await Promise.race([billing, new Promise<"waiting">((resolve) => setTimeout(() => resolve("waiting"), 300))]);
    release();
    await linking;
    await billing;
    expect(first).toBe("waiting");
    expect((await follows(["4000001"]))["4000001"]).toEqual({ parent: "SB40001", bill: "FOL-R3" });
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("children removed and undone while their parent goes on a bill keep no stale bill", async () => {
    for (let round = 0; round < 6; round += 1) {
      const billNumber = `FOL-R2-${round}`;
      await createBill(ctxOf(db().db, biller), { billNumber, capacity: 5 });
      const parentQr = `SB3${String(round).padStart(4, "0")}`;
      const kids = childLabels(3000001 + round * 100, 10);
      await packed(parentQr, kids);
      const outcomes = await Promise.all([
        ...kids.slice(0, 6).map((childQr) => settle(removeChild(ctxOf(db().db, dispatcher), { parentQr, childQr }))),
        settle(addParentToBill(ctxOf(db().db, biller), { billNumber, qr: parentQr })),
        settle(deleteBag(ctxOf(db().db, admin), { qr: kids[9] ?? "" })),
      ]);
      expect(outcomes.filter((o) => "code" in o)).toEqual([]);
      expect(await driftedFollows(db())).toEqual([]);
      const loose = await db().db.select({ bill: bags.billId, parent: bags.parentBagId }).from(bags).where(inArray(bags.qr, kids.slice(0, 6)));
      expect(loose.every((r) => r.bill === null && r.parent === null)).toBe(true);
    }
  });
});
