import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as removeRoute } from "@/app/api/scan/remove/route";
import { auditLog, bags, scans } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import { listParentChildren } from "@/lib/server/scan/children";
import { finishParent } from "@/lib/server/scan/finish";
import { removeChild } from "@/lib/server/scan/remove";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";
import type { Actor } from "@/lib/server/service";
import { labelMaker, makeBill } from "../support/bill-factories";
import { ctxOf, sessionUserOf, settle } from "../support/context";
import { usingPostgres, setupTestDb } from "../support/db";
import { countAll, driftedParents, makeScanCast, present, refusalOf, truncateScanData, driftedFollows } from "../support/scan";

// The route's real guards run; only who is signed in is replaced, as in scan-routes.test.ts.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(7);

let ravi: Actor;
let meena: Actor;
let indore: Actor;
let biller: Actor;
let admin: Actor;

beforeAll(async () => ({ ravi, meena, indore, biller, admin } = await makeScanCast(db())));
beforeEach(async () => truncateScanData(db()));

/** A new parent (in who[0]'s area) with `n` children packed by `who` (the i-th by who[i % who.length]); its child labels, oldest first. */
async function packed(n: number, who: Actor[] = [ravi], kind: "sb" | "m444" = "sb") {
  const parentQr = kind === "sb" ? labels.sb() : labels.m444();
  await scanParent(ctxOf(db().db, present(who[0])), { qr: parentQr });
  const children: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const qr = labels.child();
    await scanChild(ctxOf(db().db, present(who[i % who.length])), { parentQr, qr });
    children.push(qr);
  }
  return { parentQr, children };
}

async function parentRow(qr: string) {
  const [row] = await db()
    .db.select({ childCount: bags.childCount, status: bags.status, finishedAt: bags.finishedAt })
    .from(bags)
    .where(eq(bags.qr, qr));
  return present(row);
}

async function childrenOn(parentQr: string): Promise<string[]> {
  const rows = await db().rows<{ qr: string }>(sql`select c.qr from links l join bags c on c.id = l.child_bag_id
    join bags p on p.id = l.parent_bag_id where p.qr = ${parentQr} order by l.id`);
  return rows.map((r) => r.qr);
}

async function ageLink(childQr: string, minutes: number) {
  await db().rows(sql`update links set created_at = now() - make_interval(mins => ${minutes})
    where child_bag_id = (select id from bags where qr = ${childQr})`);
}

describe("removeChild", () => {
  it("takes the 3rd of 5 children off, keeps its history, and leaves it free to pack again", async () => {
    const { parentQr, children } = await packed(5);
    const third = present(children[2]);
    const before = await countAll(db());

    expect(await removeChild(ctxOf(db().db, ravi), { parentQr: parentQr.toLowerCase(), childQr: ` ${third} ` })).toEqual({
      removed: { childQr: third },
      parentQr,
      childCount: 4,
      capacity: 30,
      parentStatus: "in_progress",
    });
    expect(await childrenOn(parentQr)).toEqual(children.filter((c) => c !== third));
    expect(await parentRow(parentQr)).toMatchObject({ childCount: 4, status: "in_progress" });
    expect(await countAll(db())).toEqual({ bags: before.bags, links: before.links - 1, scans: before.scans + 1, audit: before.audit + 1 });

    // The child's own link event is marked undone (by ravi); the removal is a scan event of its own.
    const events = await db()
      .db.select({ qr: scans.qr, action: scans.action, result: scans.result, undone: scans.undoneBy })
      .from(scans)
      .where(eq(scans.qr, third))
      .orderBy(scans.id);
    expect(events).toEqual([
      { qr: third, action: "child", result: "linked", undone: ravi.id },
      { qr: third, action: "undo", result: "removed", undone: null },
    ]);
    const [entry] = await db()
      .db.select({ before: auditLog.before, after: auditLog.after, details: auditLog.details, userId: auditLog.userId })
      .from(auditLog)
      .where(eq(auditLog.action, "child_unlinked"));
    expect(entry).toEqual({
      userId: ravi.id,
      before: { childCount: 5, status: "in_progress" },
      after: { childCount: 4, status: "in_progress" },
      details: expect.objectContaining({ parentQr, childQr: third, linkedBy: ravi.id, reason: "remove" }),
    });

    // Free again: into another parent, or back into this one.
    const other = labels.sb();
    await scanParent(ctxOf(db().db, ravi), { qr: other });
    expect(await scanChild(ctxOf(db().db, ravi), { parentQr: other, qr: third })).toMatchObject({ result: "linked", childCount: 1 });
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("reopens a full parent, and undo after it still takes the newest of what is left", async () => {
    const { parentQr, children } = await packed(15, [ravi], "m444");
    expect(await parentRow(parentQr)).toMatchObject({ childCount: 15, status: "completed" });
    expect(await removeChild(ctxOf(db().db, ravi), { parentQr, childQr: present(children[6]) })).toMatchObject({ childCount: 14, parentStatus: "in_progress" });
    expect(await undoLastScan(ctxOf(db().db, ravi), { parentQr })).toMatchObject({ undone: { childQr: children[14] }, childCount: 13 });
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("refuses a child that is not on this parent with 404 not_on_parent, saying where it is, and changes nothing", async () => {
    const { parentQr } = await packed(2);
    const { parentQr: elsewhere, children: theirs } = await packed(1);
    const { children: indoreChildren } = await packed(1, [indore]);
    await db().db.insert(bags).values({ qr: "7900001", type: "child", dispatchArea: "lucknow" });
    const before = await countAll(db());

    const onOther = await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr, childQr: present(theirs[0]) }));
    expect(onOther).toEqual({
      status: 404,
      code: "not_on_parent",
      message: `Child ${theirs[0]} is not on parent ${parentQr}: it is in parent ${elsewhere}. Nothing was removed.`,
    });
    expect(await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr, childQr: "7900001" }))).toMatchObject({
      status: 404,
      code: "not_on_parent",
      message: expect.stringContaining("it is not packed in any parent"),
    });
    expect(await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr, childQr: "7999999" }))).toMatchObject({
      code: "not_on_parent",
      message: expect.stringContaining("it is not packed in any parent"),
    });
    // Another area's parent is not named to a dispatcher; an admin is told which.
    const hidden = await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr, childQr: present(indoreChildren[0]) }));
    expect(hidden.message).toContain("it is in a parent of another dispatch area");
    expect((await refusalOf(removeChild(ctxOf(db().db, admin), { parentQr, childQr: present(indoreChildren[0]) }))).message).toMatch(/it is in parent SB7/);
    expect(await countAll(db())).toEqual(before);
    expect(await parentRow(parentQr)).toMatchObject({ childCount: 2 });
  });

  it("lets a dispatcher remove only their own links of the last hour (403 not_removable, naming who and when); an admin removes any", async () => {
    const { parentQr, children } = await packed(4, [ravi, meena]);
    const [ravis, meenas, ravisOld] = [present(children[0]), present(children[1]), present(children[2])];
    await ageLink(ravisOld, 61);
    const before = await countAll(db());

    const notHers = await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr, childQr: meenas }));
    expect(notHers).toMatchObject({ status: 403, code: "not_removable" });
    expect(notHers.message).toContain(`${meena.username} packed ${meenas} into ${parentQr} at`);
    expect(notHers.message).toContain("last 60 minutes");
    const tooOld = await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr, childQr: ravisOld }));
    expect(tooOld).toMatchObject({ status: 403, code: "not_removable", message: expect.stringMatching(/^You packed /) });
    expect(await refusalOf(removeChild(ctxOf(db().db, biller), { parentQr, childQr: ravis }))).toMatchObject({ code: "not_removable" });
    expect(await countAll(db())).toEqual(before);

    expect(await removeChild(ctxOf(db().db, ravi), { parentQr, childQr: ravis })).toMatchObject({ childCount: 3 });
    expect(await removeChild(ctxOf(db().db, admin), { parentQr, childQr: meenas })).toMatchObject({ childCount: 2 });
    expect(await removeChild(ctxOf(db().db, admin), { parentQr, childQr: ravisOld })).toMatchObject({ childCount: 1 });
    const [event] = await db().db.select({ undoneBy: scans.undoneBy }).from(scans).where(and(eq(scans.qr, meenas), eq(scans.action, "child")));
    expect(event?.undoneBy).toBe(admin.id);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("answers parent_not_found, invalid_qr and wrong_type like undo, and changes nothing", async () => {
    const { parentQr, children } = await packed(1);
    const child = present(children[0]);
    const before = await countAll(db());
    expect(await refusalOf(removeChild(ctxOf(db().db, indore), { parentQr, childQr: child }))).toMatchObject({ status: 404, code: "parent_not_found" });
    expect(await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr: "SB123", childQr: child }))).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr, childQr: parentQr }))).toMatchObject({ status: 409, code: "wrong_type" });
    expect(await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr: child, childQr: child }))).toMatchObject({ status: 409, code: "wrong_type" });
    expect(await refusalOf(removeChild(ctxOf(db().db, ravi), { parentQr }))).toMatchObject({ status: 400, code: "invalid_input" });
    expect(await refusalOf(removeChild(ctxOf(db().db, { ...ravi, dispatchArea: null }), { parentQr, childQr: child }))).toMatchObject({ status: 403, code: "no_area" });
    expect(await countAll(db())).toEqual(before);
  });

  it("refuses with 409 bill_completed while the parent's bill is completed, for an admin too", async () => {
    const { parentQr, children } = await packed(2);
    const bill = await makeBill(db().db, biller, labels, { capacity: 1 });
    await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parentQr });
    await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
    const before = await countAll(db());
    for (const who of [ravi, admin]) {
      expect(await refusalOf(removeChild(ctxOf(db().db, who), { parentQr, childQr: present(children[0]) }))).toEqual({
        status: 409,
        code: "bill_completed",
        message: `Parent ${parentQr} is on bill ${bill.billNumber}, which is completed. Reopen the bill to change it.`,
      });
    }
    expect(await countAll(db())).toEqual(before);
  });

  it("reopens a finished parent it takes a child off", async () => {
    const { parentQr, children } = await packed(3);
    await finishParent(ctxOf(db().db, ravi), { parentQr, reason: "Short lot" });
    expect(await removeChild(ctxOf(db().db, ravi), { parentQr, childQr: present(children[0]) })).toMatchObject({ childCount: 2, parentStatus: "in_progress" });
    expect(await parentRow(parentQr)).toEqual({ childCount: 2, status: "in_progress", finishedAt: null });
    const [entry] = await db().db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "child_unlinked"));
    expect(entry?.details).toMatchObject({ reason: "remove", reopened: true });
    expect(await scanChild(ctxOf(db().db, ravi), { parentQr, qr: labels.child() })).toMatchObject({ result: "linked", childCount: 3 });
  });
});

describe("listParentChildren", () => {
  it("lists the current parent's children newest first, with who packed each and whether this user may remove it", async () => {
    const { parentQr, children } = await packed(3, [ravi, meena]);
    await ageLink(present(children[2]), 61);
    const list = await listParentChildren(ctxOf(db().db, ravi), { parentQr });
    expect(list).toMatchObject({ parentQr, childCount: 3, limit: 50 });
    // The aged link is now the oldest.
    expect(list.children.map((c) => [c.qr, c.linkedBy, c.removable])).toEqual([
      [children[1], meena.username, false],
      [children[0], ravi.username, true],
      [children[2], ravi.username, false],
    ]);
    expect(list.children[0]?.linkedAt).toBeInstanceOf(Date);
    expect((await listParentChildren(ctxOf(db().db, admin), { parentQr })).children.every((c) => c.removable)).toBe(true);
    expect(await refusalOf(listParentChildren(ctxOf(db().db, indore), { parentQr }))).toMatchObject({ status: 404, code: "parent_not_found" });
  });
});

describe("POST /api/scan/remove", () => {
  const NO_SEGMENTS = { params: Promise.resolve({}) };
  const post = (body: unknown) =>
    removeRoute(
      new Request("http://tracetrack.test/api/scan/remove", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      NO_SEGMENTS,
    );
  const answer = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });

  it("answers the contract's shape, and refusals in the error shape", async () => {
    const { parentQr, children } = await packed(3);
    session.user = sessionUserOf(ravi);
    expect(await answer(await post({ parentQr, childQr: children[1] }))).toEqual({
      status: 200,
      body: { removed: { childQr: children[1] }, parentQr, childCount: 2, capacity: 30, parentStatus: "in_progress" },
    });
    expect(await answer(await post({ parentQr, childQr: children[1] }))).toEqual({
      status: 404,
      body: { error: { code: "not_on_parent", message: `Child ${children[1]} is not on parent ${parentQr}: it is not packed in any parent. Nothing was removed.` } },
    });
    session.user = sessionUserOf(meena);
    expect(await answer(await post({ parentQr, childQr: children[0] }))).toMatchObject({ status: 403, body: { error: { code: "not_removable" } } });
    const before = await countAll(db());
    expect(await answer(await post({ parentQr, qr: children[0] }))).toMatchObject({ status: 400, body: { error: { code: "invalid_input" } } });
    session.user = null;
    expect(await answer(await post({ parentQr, childQr: children[0] }))).toMatchObject({ status: 401 });
    expect(await countAll(db())).toEqual(before);
  });
});

// PGlite has a single connection, so real parallelism needs PostgreSQL.
describe.skipIf(!usingPostgres)("remove races (PostgreSQL)", () => {
  it("lets exactly one of two stations removing the same child at once win, and counts exactly", async () => {
    const { parentQr, children } = await packed(20, [ravi]);
    for (const child of children.slice(0, 12)) {
      const outcomes = await Promise.all([ravi, admin].map((who) => settle(removeChild(ctxOf(db().db, who), { parentQr, childQr: child }))));
      const codes = outcomes.map((o) => ("ok" in o ? "ok" : o.code)).sort();
      expect(codes).toEqual(["not_on_parent", "ok"]);
    }
    expect(await parentRow(parentQr)).toMatchObject({ childCount: 8, status: "in_progress" });
    expect(await childrenOn(parentQr)).toEqual(children.slice(12));
    const [removed] = await db().rows<{ n: number }>(sql`select count(*)::int as n from scans where result = 'removed'`);
    expect(removed?.n).toBe(12);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("keeps the count exact when a remove races an undo on one parent", async () => {
    let bothLanded = 0;
    let oneLanded = 0;
    for (let round = 0; round < 10; round += 1) {
      const { parentQr, children } = await packed(6, [ravi]);
      const newest = present(children.at(-1));
      const [removed, undone] = await Promise.all([
        settle(removeChild(ctxOf(db().db, ravi), { parentQr, childQr: newest })),
        settle(undoLastScan(ctxOf(db().db, ravi), { parentQr })),
      ]);
      expect("ok" in undone).toBe(true);
      const landed = 1 + ("ok" in removed ? 1 : 0);
      // The undo took `newest` first, or the remove did and the undo took the one before it.
      if ("ok" in removed) bothLanded += 1;
      else {
        expect(removed).toEqual({ code: "not_on_parent" });
        oneLanded += 1;
      }
      expect(await parentRow(parentQr)).toMatchObject({ childCount: 6 - landed });
      expect(await childrenOn(parentQr)).not.toContain(newest);
    }
    expect(bothLanded + oneLanded).toBe(10);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });
});
