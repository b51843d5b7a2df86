import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as finishRoute } from "@/app/api/scan/finish/route";
import { POST as reopenRoute } from "@/app/api/scan/reopen/route";
import { auditLog, bags, scans } from "@/db/schema";
import type { DbHandle } from "@/db/client";
import { parseBagListFilters } from "@/lib/schemas/bags";
import type { SessionUser } from "@/lib/server/auth/session";
import { getBagDetail } from "@/lib/server/bags/queries";
import { listBags } from "@/lib/server/bags/list";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import { finishParent, reopenParent } from "@/lib/server/scan/finish";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";
import type { Actor } from "@/lib/server/service";
import { labelMaker, makeBill } from "../support/bill-factories";
import { ctxOf, sessionUserOf, settle } from "../support/context";
import { usingPostgres, setupTestDb } from "../support/db";
import { countAll, makeScanCast, present, refusalOf, truncateScanData } from "../support/scan";

// The routes' real guards run; only who is signed in is replaced, as in scan-routes.test.ts.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(8);

let ravi: Actor;
let meena: Actor;
let indore: Actor;
let biller: Actor;
let admin: Actor;

beforeAll(async () => ({ ravi, meena, indore, biller, admin } = await makeScanCast(db())));
beforeEach(async () => truncateScanData(db()));

async function packed(n: number, who: Actor = ravi, kind: "sb" | "m444" = "sb") {
  const parentQr = kind === "sb" ? labels.sb() : labels.m444();
  await scanParent(ctxOf(db().db, who), { qr: parentQr });
  for (let i = 0; i < n; i += 1) await scanChild(ctxOf(db().db, who), { parentQr, qr: labels.child() });
  return parentQr;
}

async function parentRow(qr: string) {
  const [row] = await db()
    .db.select({
      childCount: bags.childCount,
      status: bags.status,
      finishedAt: bags.finishedAt,
      finishedBy: bags.finishedBy,
      finishReason: bags.finishReason,
    })
    .from(bags)
    .where(eq(bags.qr, qr));
  return present(row);
}

/** Parents whose count disagrees with their links, or whose status with count, capacity and seal. */
async function inconsistentParents(handle: DbHandle) {
  return handle.rows<{ qr: string }>(sql`
    select p.qr from bags p left join links l on l.parent_bag_id = p.id
    where p.type = 'parent'
    group by p.id
    having p.child_count <> count(l.id)
      or p.status <> case when count(l.id) = 0 then 'pending'
                          when count(l.id) >= p.capacity or p.finished_at is not null then 'completed'
                          else 'in_progress' end
      or (p.finished_at is not null and count(l.id) >= p.capacity)`);
}

async function ageFinish(qr: string, minutes: number) {
  await db().rows(sql`update bags set finished_at = now() - make_interval(mins => ${minutes}) where qr = ${qr}`);
}

const sealOf = (who: Actor, reason: string) => ({ at: expect.any(Date), by: who.username, reason });

describe("finishParent", () => {
  it("seals a partial parent with who, when and why, audited, and a child scan is then refused naming the seal", async () => {
    const parentQr = await packed(12);
    const before = await countAll(db());
    const result = await finishParent(ctxOf(db().db, ravi), { parentQr: parentQr.toLowerCase(), reason: "  Short lot " });
    expect(result).toEqual({
      parent: { qr: parentQr, type: "SB", status: "completed", childCount: 12, capacity: 30, finished: sealOf(ravi, "Short lot") },
    });
    expect(await parentRow(parentQr)).toEqual({ childCount: 12, status: "completed", finishedAt: expect.any(Date), finishedBy: ravi.id, finishReason: "Short lot" });
    expect(await countAll(db())).toEqual({ ...before, audit: before.audit + 1 });
    const [entry] = await db()
      .db.select({ userId: auditLog.userId, before: auditLog.before, after: auditLog.after, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, "parent_finished"));
    expect(entry).toEqual({
      userId: ravi.id,
      before: { status: "in_progress", childCount: 12 },
      after: { status: "completed", childCount: 12, finished: { reason: "Short lot" } },
      details: { parentQr, childCount: 12, capacity: 30, reason: "Short lot" },
    });

    const scanned = await countAll(db());
    const child = labels.child();
    expect(await refusalOf(scanChild(ctxOf(db().db, meena), { parentQr, qr: child }))).toEqual({
      status: 409,
      code: "parent_completed",
      message: `Parent ${parentQr} was finished at 12 of 30 (Short lot). Reopen it to add bags.`,
    });
    // Recorded like every parent_completed refusal; nothing else moved.
    expect(await countAll(db())).toEqual({ ...scanned, scans: scanned.scans + 1 });
    const [rejected] = await db().db.select({ result: scans.result, qr: scans.qr }).from(scans).where(eq(scans.qr, child));
    expect(rejected).toEqual({ result: "rejected:parent_completed", qr: child });
    expect(await inconsistentParents(db())).toEqual([]);
  });

  it("shows the seal when the parent is scanned again, on the bag page, and drops it from the Packing list", async () => {
    const finished = await packed(4);
    const open = await packed(2);
    await finishParent(ctxOf(db().db, ravi), { parentQr: finished, reason: "End of shift" });

    expect(await scanParent(ctxOf(db().db, meena), { qr: finished })).toEqual({
      parent: { qr: finished, type: "SB", status: "completed", childCount: 4, capacity: 30, finished: sealOf(ravi, "End of shift"), created: false },
    });
    expect((await scanParent(ctxOf(db().db, meena), { qr: open })).parent.finished).toBeNull();

    const detail = present(await getBagDetail(db().db, meena, finished));
    expect(detail.finished).toEqual(sealOf(ravi, "End of shift"));
    expect(detail.bag).toMatchObject({ status: "completed", childCount: 4, capacity: 30 });
    expect(present(await getBagDetail(db().db, meena, open)).finished).toBeNull();

    const list = async (status: string) => (await listBags(db().db, biller, parseBagListFilters({ status }))).rows.map((r) => [r.qr, r.finished]);
    expect(await list("in_progress")).toEqual([[open, false]]);
    expect(await list("completed")).toEqual([[finished, true]]);
    // The status filter is about parents only (a child's status means nothing).
    expect(await list("pending")).toEqual([]);
  });

  it("refuses an empty parent (parent_empty), a full or finished one (parent_completed) and a bad reason, changing nothing", async () => {
    const empty = await packed(0);
    const full = await packed(15, ravi, "m444");
    const sealed = await packed(3);
    await finishParent(ctxOf(db().db, ravi), { parentQr: sealed, reason: "Damaged labels" });
    const partial = await packed(1);
    const before = await countAll(db());
    const states = async () => Promise.all([empty, full, sealed, partial].map(parentRow));
    const rows = await states();

    expect(await refusalOf(finishParent(ctxOf(db().db, ravi), { parentQr: empty, reason: "Short lot" }))).toEqual({
      status: 409,
      code: "parent_empty",
      message: `Parent ${empty} has no children: there is nothing to finish.`,
    });
    expect(await refusalOf(finishParent(ctxOf(db().db, ravi), { parentQr: full, reason: "Short lot" }))).toEqual({
      status: 409,
      code: "parent_completed",
      message: `Parent ${full} is already complete (15/15).`,
    });
    const again = await refusalOf(finishParent(ctxOf(db().db, admin), { parentQr: sealed, reason: "Short lot" }));
    expect(again).toMatchObject({ status: 409, code: "parent_completed" });
    expect(again.message).toContain(`is already finished at 3 of 30 (Damaged labels) by ${ravi.username}`);
    for (const reason of [undefined, "", "ab", "x".repeat(201), "bad\u0000reason", 42]) {
      expect(await refusalOf(finishParent(ctxOf(db().db, ravi), { parentQr: partial, reason }))).toMatchObject({ status: 400, code: "invalid_input" });
    }
    expect(await refusalOf(finishParent(ctxOf(db().db, ravi), { parentQr: "SB12", reason: "Short lot" }))).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(await refusalOf(finishParent(ctxOf(db().db, indore), { parentQr: partial, reason: "Short lot" }))).toMatchObject({ status: 404, code: "parent_not_found" });
    expect(await countAll(db())).toEqual(before);
    expect(await states()).toEqual(rows);
  });

  it("refuses finish and reopen with 409 bill_completed on a completed bill", async () => {
    const open = await packed(2);
    const sealed = await packed(2);
    await finishParent(ctxOf(db().db, ravi), { parentQr: sealed, reason: "Short lot" });
    const bill = await makeBill(db().db, biller, labels, { capacity: 2 });
    for (const qr of [open, sealed]) await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr });
    await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
    const before = await countAll(db());
    expect(await refusalOf(finishParent(ctxOf(db().db, ravi), { parentQr: open, reason: "Short lot" }))).toMatchObject({ status: 409, code: "bill_completed" });
    expect(await refusalOf(reopenParent(ctxOf(db().db, admin), { parentQr: sealed }))).toMatchObject({ status: 409, code: "bill_completed" });
    expect(await countAll(db())).toEqual(before);
    expect(await parentRow(sealed)).toMatchObject({ status: "completed", finishReason: "Short lot" });
  });
});

describe("reopenParent", () => {
  it("finish → scan refused → reopen → the scan lands, both audited", async () => {
    const parentQr = await packed(4);
    await finishParent(ctxOf(db().db, ravi), { parentQr, reason: "Short lot" });
    const child = labels.child();
    expect(await refusalOf(scanChild(ctxOf(db().db, ravi), { parentQr, qr: child }))).toMatchObject({ code: "parent_completed" });

    expect(await reopenParent(ctxOf(db().db, ravi), { parentQr })).toEqual({
      parent: { qr: parentQr, type: "SB", status: "in_progress", childCount: 4, capacity: 30, finished: null },
    });
    expect(await parentRow(parentQr)).toEqual({ childCount: 4, status: "in_progress", finishedAt: null, finishedBy: null, finishReason: null });
    const [entry] = await db()
      .db.select({ before: auditLog.before, after: auditLog.after, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, "parent_reopened"));
    expect(entry).toEqual({
      before: { status: "completed", childCount: 4, finished: { at: expect.any(String), by: ravi.username, reason: "Short lot" } },
      after: { status: "in_progress", childCount: 4 },
      details: { parentQr, reason: "Short lot" },
    });
    expect(await scanChild(ctxOf(db().db, ravi), { parentQr, qr: child })).toMatchObject({ result: "linked", childCount: 5, parentStatus: "in_progress" });
    expect(await inconsistentParents(db())).toEqual([]);
  });

  it("lets only the finisher within the hour, or an admin, reopen (403 not_reopenable otherwise); an open parent is not_finished", async () => {
    const parentQr = await packed(3);
    await finishParent(ctxOf(db().db, ravi), { parentQr, reason: "Short lot" });
    const before = await countAll(db());
    const other = await refusalOf(reopenParent(ctxOf(db().db, meena), { parentQr }));
    expect(other).toMatchObject({ status: 403, code: "not_reopenable" });
    expect(other.message).toContain(`Parent ${parentQr} was finished by ${ravi.username} at`);
    expect(await refusalOf(reopenParent(ctxOf(db().db, biller), { parentQr }))).toMatchObject({ code: "not_reopenable" });
    await ageFinish(parentQr, 61);
    const late = await refusalOf(reopenParent(ctxOf(db().db, ravi), { parentQr }));
    expect(late).toMatchObject({ status: 403, code: "not_reopenable", message: expect.stringContaining("more than 60 minutes ago") });
    expect(await countAll(db())).toEqual(before);
    expect(await parentRow(parentQr)).toMatchObject({ status: "completed", finishReason: "Short lot" });

    expect((await reopenParent(ctxOf(db().db, admin), { parentQr })).parent).toMatchObject({ status: "in_progress", finished: null });
    expect(await refusalOf(reopenParent(ctxOf(db().db, admin), { parentQr }))).toEqual({
      status: 409,
      code: "not_finished",
      message: `Parent ${parentQr} is not finished: there is nothing to reopen.`,
    });
    const full = await packed(15, ravi, "m444");
    expect(await refusalOf(reopenParent(ctxOf(db().db, ravi), { parentQr: full }))).toMatchObject({ code: "not_finished" });
  });

  it("is done by an undo on a finished parent too: the seal goes and the parent packs again", async () => {
    const parentQr = await packed(5);
    await finishParent(ctxOf(db().db, ravi), { parentQr, reason: "Short lot" });
    expect(await undoLastScan(ctxOf(db().db, ravi), { parentQr })).toMatchObject({ childCount: 4, parentStatus: "in_progress" });
    expect(await parentRow(parentQr)).toEqual({ childCount: 4, status: "in_progress", finishedAt: null, finishedBy: null, finishReason: null });
    const [entry] = await db().db.select({ before: auditLog.before, details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "child_unlinked"));
    expect(entry?.before).toMatchObject({ status: "completed", finished: { reason: "Short lot" } });
    expect(entry?.details).toMatchObject({ reason: "undo", reopened: true });
    expect(await scanChild(ctxOf(db().db, ravi), { parentQr, qr: labels.child() })).toMatchObject({ result: "linked", childCount: 5 });
    expect(await inconsistentParents(db())).toEqual([]);
  });
});

describe("the database refuses a seal that breaks the rules", () => {
  const violation = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (err) {
      const e = err as { cause?: { constraint_name?: string; constraint?: string }; constraint_name?: string; message?: string };
      return e.cause?.constraint_name ?? e.cause?.constraint ?? e.constraint_name ?? String(e.message ?? err);
    }
    return "no error";
  };

  it("completed below capacity without a seal, a seal on an open parent or a child, a seal without a reason", async () => {
    const parentQr = await packed(2);
    const [child] = await db().rows<{ qr: string }>(sql`select qr from bags where type = 'child' limit 1`);
    const set = (values: Partial<typeof bags.$inferInsert>, qr = parentQr) => () => db().db.update(bags).set(values).where(eq(bags.qr, qr));
    expect(await violation(set({ status: "completed" }))).toContain("bags_completed_check");
    expect(await violation(set({ finishedAt: new Date(), finishReason: "Short lot" }))).toContain("bags_finished_check");
    expect(await violation(set({ status: "completed", finishedAt: new Date() }))).toContain("bags_finished_check");
    expect(await violation(set({ finishedAt: new Date(), finishReason: "Short lot" }, present(child).qr))).toContain("bags_finished_check");
    expect(await violation(set({ status: "completed", finishedAt: new Date(), finishReason: "x".repeat(201) }))).toContain("bags_finished_check");
    expect(await violation(set({ status: "completed", finishedAt: new Date(), finishReason: "Short lot" }))).toBe("no error");
  });
});

describe("POST /api/scan/finish and /api/scan/reopen", () => {
  const NO_SEGMENTS = { params: Promise.resolve({}) };
  const request = (path: string, body: unknown) =>
    new Request(`http://tracetrack.test${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });

  it("answer {parent} with the seal, and refusals in the error shape", async () => {
    const parentQr = await packed(4);
    session.user = sessionUserOf(ravi);
    const finished = await answer(await finishRoute(request("/api/scan/finish", { parentQr, reason: "Short lot" }), NO_SEGMENTS));
    expect(finished).toEqual({
      status: 200,
      body: { parent: { qr: parentQr, type: "SB", status: "completed", childCount: 4, capacity: 30, finished: { at: expect.any(String), by: ravi.username, reason: "Short lot" } } },
    });
    expect(await answer(await finishRoute(request("/api/scan/finish", { parentQr }), NO_SEGMENTS))).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input" } },
    });
    session.user = sessionUserOf(meena);
    expect(await answer(await reopenRoute(request("/api/scan/reopen", { parentQr }), NO_SEGMENTS))).toMatchObject({
      status: 403,
      body: { error: { code: "not_reopenable" } },
    });
    session.user = sessionUserOf(ravi);
    expect(await answer(await reopenRoute(request("/api/scan/reopen", { parentQr }), NO_SEGMENTS))).toEqual({
      status: 200,
      body: { parent: { qr: parentQr, type: "SB", status: "in_progress", childCount: 4, capacity: 30, finished: null } },
    });
    session.user = null;
    expect(await answer(await reopenRoute(request("/api/scan/reopen", { parentQr }), NO_SEGMENTS))).toMatchObject({ status: 401 });
  });
});

// PGlite has a single connection, so real parallelism needs PostgreSQL.
describe.skipIf(!usingPostgres)("finish races (PostgreSQL)", () => {
  it("keeps count, links and status consistent when a finish races child scans on one parent", async () => {
    const stations = [ravi, meena, admin];
    let finishedFirst = 0;
    for (let round = 0; round < 8; round += 1) {
      const parentQr = await packed(3);
      const scan = (i: number) => settle(scanChild(ctxOf(db().db, present(stations[i % 3])), { parentQr, qr: labels.child() }));
      // The finish starts among the scans, so some land before it and some after.
      const before = [0, 1, 2].map(scan);
      const finishing = settle(finishParent(ctxOf(db().db, ravi), { parentQr, reason: "Short lot" }));
      const after = [3, 4, 5, 6, 7].map(scan);
      const finish = await finishing;
      const childOutcomes = await Promise.all([...before, ...after]);
      expect("ok" in finish).toBe(true);
      const linked = childOutcomes.filter((o) => "ok" in o).length;
      for (const o of childOutcomes) if (!("ok" in o)) expect(o).toEqual({ code: "parent_completed" });
      // Every scan that landed is in the sealed count; every one after the seal was refused.
      expect(await parentRow(parentQr)).toMatchObject({ childCount: 3 + linked, status: "completed", finishReason: "Short lot" });
      if ("ok" in finish) expect(finish.ok.parent.childCount).toBe(3 + linked);
      if (linked < 8) finishedFirst += 1;
    }
    expect(await inconsistentParents(db())).toEqual([]);
    // The race happened in at least one round (some scans came after the seal).
    expect(finishedFirst).toBeGreaterThan(0);
  });
});
