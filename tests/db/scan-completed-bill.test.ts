import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as childRoute } from "@/app/api/scan/child/route";
import { POST as undoRoute } from "@/app/api/scan/undo/route";
import { bags, links, scans } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { readBillDetail } from "@/lib/server/bills/detail";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill, reopenBill } from "@/lib/server/bills/state";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";
import type { Actor } from "@/lib/server/service";
import { readStats } from "@/lib/server/stats/read";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { labelMaker, makeBill } from "../support/bill-factories";
import { ctxOf, sessionUserOf, settle } from "../support/context";
import { truncateAll, usingPostgres, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { countAll, driftedParents, present, refusalOf, truncateScanData, driftedFollows } from "../support/scan";

// In-process counters and bill-scan de-duplication, so a refusal can be shown to move no counter.
delete process.env.REDIS_URL;
// The routes' real guards run; only who is signed in is replaced, as in scan-routes.test.ts.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));
const db = setupTestDb();
const store = createMemoryStatsStore();
const labels = labelMaker(9);

let ravi: Actor;
let stations: Actor[];
let biller: Actor;
let admin: Actor;

beforeAll(async () => {
  setStatsStore(store);
  await truncateAll(db());
  ravi = await makeUser(db().db, "dispatcher", "lucknow");
  stations = [ravi];
  for (let i = 0; i < 3; i += 1) stations.push(await makeUser(db().db, "dispatcher", "lucknow"));
  biller = await makeUser(db().db, "biller");
  admin = await makeUser(db().db, "admin");
});
beforeEach(async () => truncateScanData(db()));
afterAll(() => setStatsStore(undefined));

const station = (i: number): Actor => present(stations[i % stations.length]);

/** New parents packed by the stations (`children` each, the i-th child by station i), on a new bill of that many parents. */
async function billedParents(n: number, children: number) {
  const parents: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const qr = labels.sb();
    await scanParent(ctxOf(db().db, station(0)), { qr });
    for (let k = 0; k < children; k += 1) await scanChild(ctxOf(db().db, station(k)), { parentQr: qr, qr: labels.child() });
    parents.push(qr);
  }
  const bill = await makeBill(db().db, biller, labels, { capacity: n });
  for (const qr of parents) await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr });
  return { billNumber: bill.billNumber, parents };
}

async function billWeights(billNumber: string) {
  const detail = present(await readBillDetail(db().db, { billNumber }));
  const { status, childCount, actualWeightKg } = detail.bill;
  return { status, childCount, actualWeightKg };
}

/** Everything a refused scan must leave alone: rows, the parent, the bill's weight and the counters. */
async function snapshot(billNumber: string, parentQr: string) {
  const [parent] = await db().db.select({ childCount: bags.childCount, status: bags.status }).from(bags).where(eq(bags.qr, parentQr));
  return {
    rows: await countAll(db()),
    parent,
    bill: await billWeights(billNumber),
    all: await counters("all"),
    lucknow: await counters("area:lucknow"),
  };
}

async function counters(scope: "all" | "area:lucknow") {
  const { totalBags, parentBags, childBags, bills, scansToday } = await readStats(scope, store);
  return { totalBags, parentBags, childBags, bills, scansToday };
}

const frozen = (parentQr: string, billNumber: string) => ({
  status: 409,
  code: "bill_completed",
  message: `Parent ${parentQr} is on bill ${billNumber}, which is completed. Reopen the bill to change it.`,
});

describe("a parent on a completed bill", () => {
  it("refuses a child scan with 409 bill_completed naming the bill and the parent, and changes nothing", async () => {
    const { billNumber, parents } = await billedParents(1, 3);
    const parentQr = present(parents[0]);
    await completeBill(ctxOf(db().db, biller), { billNumber });
    const before = await snapshot(billNumber, parentQr);
    expect(before.bill).toEqual({ status: "completed", childCount: 3, actualWeightKg: 3 });

    expect(await refusalOf(scanChild(ctxOf(db().db, ravi), { parentQr, qr: labels.child() }))).toEqual(frozen(parentQr, billNumber));
    // A free child that already exists, a child of this parent (a re-scan), and an admin: all refused alike.
    await db().db.insert(bags).values({ qr: "9900001", type: "child", dispatchArea: "lucknow" });
    expect(await refusalOf(scanChild(ctxOf(db().db, ravi), { parentQr, qr: "9900001" }))).toMatchObject({ code: "bill_completed" });
    const [onParent] = await db().db.select({ qr: bags.qr }).from(links).innerJoin(bags, eq(bags.id, links.childBagId)).limit(1);
    expect(await refusalOf(scanChild(ctxOf(db().db, ravi), { parentQr, qr: present(onParent).qr }))).toMatchObject({ code: "bill_completed" });
    expect(await refusalOf(scanChild(ctxOf(db().db, admin), { parentQr, qr: labels.child() }))).toMatchObject({ code: "bill_completed" });

    const after = await snapshot(billNumber, parentQr);
    // New rows: the free child inserted above, and the four refusals kept as rejected scans
    // (history, not counted: the counters are unchanged).
    expect(after).toEqual({ ...before, rows: { ...before.rows, bags: before.rows.bags + 1, scans: before.rows.scans + 4 } });
    const refusals = await db().db.select({ result: scans.result }).from(scans).where(eq(scans.result, "rejected:bill_completed"));
    expect(refusals).toHaveLength(4);
  });

  it("refuses an undo with 409 bill_completed, for the scanner and for an admin, and changes nothing", async () => {
    const { billNumber, parents } = await billedParents(1, 2);
    const parentQr = present(parents[0]);
    await completeBill(ctxOf(db().db, biller), { billNumber });
    const before = await snapshot(billNumber, parentQr);

    // station(1) scanned the parent's last child a moment ago: inside the undo window.
    expect(await refusalOf(undoLastScan(ctxOf(db().db, station(1)), { parentQr }))).toEqual(frozen(parentQr, billNumber));
    expect(await refusalOf(undoLastScan(ctxOf(db().db, admin), { parentQr }))).toEqual(frozen(parentQr, billNumber));

    expect(await snapshot(billNumber, parentQr)).toEqual(before);
    expect(before.bill).toEqual({ status: "completed", childCount: 2, actualWeightKg: 2 });
  });

  it("takes scans and undos again once the bill is reopened, and is frozen again when it is completed again", async () => {
    const { billNumber, parents } = await billedParents(1, 2);
    const parentQr = present(parents[0]);
    await completeBill(ctxOf(db().db, biller), { billNumber });
    await reopenBill(ctxOf(db().db, biller), { billNumber });

    expect(await scanChild(ctxOf(db().db, ravi), { parentQr, qr: labels.child() })).toMatchObject({ result: "linked", childCount: 3 });
    expect(await billWeights(billNumber)).toEqual({ status: "processing", childCount: 3, actualWeightKg: 3 });
    expect(await undoLastScan(ctxOf(db().db, ravi), { parentQr })).toMatchObject({ childCount: 2 });
    expect(await billWeights(billNumber)).toEqual({ status: "processing", childCount: 2, actualWeightKg: 2 });

    await completeBill(ctxOf(db().db, biller), { billNumber });
    expect(await refusalOf(scanChild(ctxOf(db().db, ravi), { parentQr, qr: labels.child() }))).toMatchObject({ code: "bill_completed" });
    expect(await refusalOf(undoLastScan(ctxOf(db().db, station(1)), { parentQr }))).toMatchObject({ code: "bill_completed" });
    expect(await billWeights(billNumber)).toEqual({ status: "completed", childCount: 2, actualWeightKg: 2 });
  });

  it("leaves parents on an open bill, and parents on no bill, scannable", async () => {
    const { billNumber, parents } = await billedParents(2, 1);
    const parentQr = present(parents[0]);
    expect(await scanChild(ctxOf(db().db, ravi), { parentQr, qr: labels.child() })).toMatchObject({ result: "linked", childCount: 2 });
    expect(await billWeights(billNumber)).toEqual({ status: "processing", childCount: 3, actualWeightKg: 3 });
    const loose = labels.sb();
    await scanParent(ctxOf(db().db, ravi), { qr: loose });
    expect(await scanChild(ctxOf(db().db, ravi), { parentQr: loose, qr: labels.child() })).toMatchObject({ result: "linked", childCount: 1 });
  });

  it("answers POST /api/scan/child and /api/scan/undo with 409 bill_completed in the error shape", async () => {
    const { billNumber, parents } = await billedParents(1, 2);
    const parentQr = present(parents[0]);
    await completeBill(ctxOf(db().db, biller), { billNumber });
    const actor = station(1);
    session.user = sessionUserOf(actor);
    const post = (path: string, body: unknown) =>
      new Request(`http://tracetrack.test${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const noSegments = { params: Promise.resolve({}) };
    const before = await countAll(db());
    const { message } = frozen(parentQr, billNumber);
    for (const res of [
      await childRoute(post("/api/scan/child", { parentQr, qr: labels.child() }), noSegments),
      await undoRoute(post("/api/scan/undo", { parentQr }), noSegments),
    ]) {
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 409, body: { error: { code: "bill_completed", message } } });
    }
    // The refused child scan is kept as a rejected scan; the undo leaves no row.
    expect(await countAll(db())).toEqual({ ...before, scans: before.scans + 1 });
  });
});


// PGlite has a single connection, so real parallelism needs PostgreSQL.
describe.skipIf(!usingPostgres)("completing a bill while its parents are scanned (PostgreSQL)", () => {
  it("never changes the bill after completion: every scan and undo landed before it or was refused with bill_completed", async () => {
    let landed = 0;
    let refused = 0;
    for (let round = 0; round < 8; round += 1) {
      const { billNumber, parents } = await billedParents(3, 2);
      const start = await billWeights(billNumber);
      let billOpen = true;
      const outcomes: { kind: "scan" | "undo"; o: { ok: unknown } | { code: string } }[] = [];
      // Four stations scan (now and then undo) until the bill is completed, then once more. They
      // pause ≤ 20 ms between scans (a person takes a second): back to back, their shared bill
      // locks never all lapse, and the completion waits until they stop.
      const stationLoop = async (s: number) => {
        let afterCompletion = 0;
        for (let n = 0; n < 12 && (billOpen || afterCompletion++ < 1); n += 1) {
          if (n > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
          const parentQr = present(parents[(s + n) % parents.length]);
          const actor = station(s);
          outcomes.push(
            n % 3 === 1
              ? { kind: "undo", o: await settle(undoLastScan(ctxOf(db().db, actor), { parentQr })) }
              : { kind: "scan", o: await settle(scanChild(ctxOf(db().db, actor), { parentQr, qr: labels.child() })) },
          );
        }
      };
      const loops = Array.from({ length: 4 }, (_, s) => stationLoop(s));
      while (outcomes.length < 8) await new Promise((resolve) => setTimeout(resolve, 1));
      // What the bill shows when it completes, and right after: it must never move again.
      const completed = await completeBill(ctxOf(db().db, biller), { billNumber });
      billOpen = false;
      const seenAfter = await billWeights(billNumber);
      await Promise.all(loops);

      const final = await billWeights(billNumber);
      expect(final).toEqual({ status: "completed", childCount: completed.childCount, actualWeightKg: completed.actualWeightKg });
      expect(seenAfter).toEqual(final);
      const codes = new Set(outcomes.flatMap(({ o }) => ("code" in o ? [o.code] : [])));
      for (const code of codes) expect(["bill_completed", "nothing_to_undo"]).toContain(code);
      const linked = outcomes.filter(({ kind, o }) => kind === "scan" && "ok" in o).length;
      const undone = outcomes.filter(({ kind, o }) => kind === "undo" && "ok" in o).length;
      // Every change that landed is in the completed counts; nothing landed after them.
      expect(start.childCount + linked - undone).toBe(completed.childCount);
      landed += linked + undone;
      refused += outcomes.filter(({ o }) => "code" in o && o.code === "bill_completed").length;
    }
    // Both sides of the race happened, so the test raced something.
    expect(landed).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("puts a parent on a bill only after a scan already running on it, and the completion counts its child", async () => {
    const parentQr = labels.sb();
    await scanParent(ctxOf(db().db, ravi), { qr: parentQr });
    await scanChild(ctxOf(db().db, ravi), { parentQr, qr: labels.child() });
    const [parent] = await db().db.select({ id: bags.id }).from(bags).where(eq(bags.qr, parentQr));
    const parentId = present(parent).id;
    const [child] = await db().db.insert(bags).values({ qr: labels.child(), type: "child", dispatchArea: "lucknow" }).returning({ id: bags.id });

    // A scan that read the parent before it was billed: it holds the parent row lock, not the bill's.
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    const scan = db().db.transaction(async (tx) => {
      await tx.execute(sql`select id from bags where id = ${parentId} for no key update`);
      locked();
      await finishing;
      await tx.insert(links).values({ parentBagId: parentId, childBagId: present(child).id, createdBy: ravi.id });
      await tx.update(bags).set({ childCount: sql`${bags.childCount} + 1`, status: "in_progress" }).where(eq(bags.id, parentId));
    });
    await holding;

    const bill = await makeBill(db().db, biller, labels, { capacity: 1 });
    // Putting the parent on the bill writes the parent's bill_id (the bill_bags trigger), so the
    // add itself waits for the scan holding the parent; the completion after it counts the child.
    let done = false;
    const adding = addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parentQr }).finally(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    finish();
    await scan;
    await adding;
    expect(await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber })).toMatchObject({ status: "completed", childCount: 2, actualWeightKg: 2 });
    expect(await driftedFollows(db())).toEqual([]);
    expect(await billWeights(bill.billNumber)).toEqual({ status: "completed", childCount: 2, actualWeightKg: 2 });
  });
});
