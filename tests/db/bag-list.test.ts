import { like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { columnNames } from "@/db/client";
import { bags, billBags, bills, links } from "@/db/schema";
import type { DispatchArea } from "@/lib/domain";
import { parseBagListFilters, readBagListFilters } from "@/lib/schemas/bags";
import { BAG_COUNT_CAP, BAG_PAGE_SIZE, countBags, listBags } from "@/lib/server/bags/list";
import { findVisibleBagQr, listCloseMatches } from "@/lib/server/bags/lookup";
import { truncateAll, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();

const LUCKNOW = { role: "dispatcher" as const, dispatchArea: "lucknow" as DispatchArea };
const NO_AREA = { role: "dispatcher" as const, dispatchArea: null };
const BILLER = { role: "biller" as const, dispatchArea: null };
// Many bags share one timestamp (to the microsecond): the id must break the tie.
const SAME_INSTANT = new Date("2025-03-31T05:00:00.000Z");
let creatorName = "";

beforeAll(async () => {
  await truncateAll(db());
  const creator = await makeUser(db().db, "dispatcher", "lucknow");
  creatorName = creator.username;
  const children = Array.from({ length: 120 }, (_, i) => ({
    qr: `7${String(i).padStart(6, "0")}`,
    type: "child" as const,
    dispatchArea: "lucknow" as const,
    createdAt: i < 70 ? SAME_INSTANT : new Date(SAME_INSTANT.getTime() + i * 1000),
    createdBy: i % 2 === 0 ? creator.id : null,
  }));
  await db().db.insert(bags).values(children);
  const [parent, other] = await db()
    .db.insert(bags)
    .values([
      { qr: "SB70001", type: "parent", capacity: 30, childCount: 1, status: "in_progress", dispatchArea: "lucknow", createdAt: new Date("2025-04-02T20:00:00Z") },
      { qr: "SB79999", type: "parent", capacity: 30, dispatchArea: "indore", createdAt: new Date("2025-04-01T00:00:00Z") },
    ])
    .returning({ id: bags.id });
  const [first] = await db().db.select({ id: bags.id }).from(bags).orderBy(bags.id).limit(1);
  if (!parent || !other || !first) throw new Error("setup failed");
  await db().db.insert(links).values({ parentBagId: parent.id, childBagId: first.id });
  const [bill] = await db().db.insert(bills).values({ billNumber: "T-1", capacity: 1 }).returning({ id: bills.id });
  if (!bill) throw new Error("setup failed");
  await db().db.insert(billBags).values({ billId: bill.id, bagId: parent.id });
});

async function all(viewer: typeof LUCKNOW | typeof BILLER, params: Record<string, string>) {
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const page = await listBags(db().db, viewer, parseBagListFilters({ ...params, ...(after ? { after } : {}) }));
    seen.push(...page.rows.map((r) => r.qr));
    if (!page.nextCursor) return seen;
    after = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("listBags", () => {
  it("pages through every visible bag exactly once, even when timestamps tie", async () => {
    const first = await listBags(db().db, LUCKNOW, parseBagListFilters({}));
    expect(first.rows).toHaveLength(BAG_PAGE_SIZE);
    expect(first.nextCursor).toMatch(/^\d{4}-.+Z_\d+$/);
    const seen = await all(LUCKNOW, {});
    expect(seen).toHaveLength(121);
    expect(new Set(seen).size).toBe(121);
  });

  it("keeps a dispatcher to their own area whatever area they ask for", async () => {
    expect(await all(LUCKNOW, { area: "indore" })).not.toContain("SB79999");
    expect((await listBags(db().db, NO_AREA, parseBagListFilters({}))).rows).toEqual([]);
    expect(await all(BILLER, { area: "indore" })).toEqual(["SB79999"]);
  });

  it("filters by type, link state, bill, creator, QR prefix and IST day", async () => {
    expect(await all(BILLER, { type: "parent" })).toEqual(["SB70001", "SB79999"]);
    expect(await all(LUCKNOW, { linked: "linked" })).toEqual(["SB70001", "7000000"]);
    expect(await all(LUCKNOW, { linked: "unlinked", type: "child" })).toHaveLength(119);
    expect((await all(BILLER, { billed: "billed" })).sort()).toEqual(["7000000", "SB70001"]);
    expect(await all(BILLER, { billed: "unbilled" })).toHaveLength(120);
    expect(await all(LUCKNOW, { user: creatorName.toUpperCase() })).toHaveLength(60);
    expect(await all(LUCKNOW, { q: "700011" })).toEqual(Array.from({ length: 10 }, (_, i) => `70001${19 - i}`));
    // 2025-04-02T20:00Z is 2025-04-03 01:30 IST.
    expect(await all(BILLER, { from: "2025-04-03", to: "2025-04-03" })).toEqual(["SB70001"]);
    expect(await all(BILLER, { from: "2025-04-02", to: "2025-04-02", type: "parent" })).toEqual([]);
  });

  it("pages forward then back to the same rows, even when timestamps tie", async () => {
    const first = await listBags(db().db, LUCKNOW, parseBagListFilters({}));
    expect(first.prevCursor).toBeNull();
    const second = await listBags(db().db, LUCKNOW, parseBagListFilters({ after: first.nextCursor ?? "" }));
    const third = await listBags(db().db, LUCKNOW, parseBagListFilters({ after: second.nextCursor ?? "" }));
    expect(third.rows).toHaveLength(21);
    expect(third.nextCursor).toBeNull();

    const backToSecond = await listBags(db().db, LUCKNOW, parseBagListFilters({ before: third.prevCursor ?? "" }));
    expect(backToSecond.rows.map((r) => r.qr)).toEqual(second.rows.map((r) => r.qr));
    expect(backToSecond.nextCursor).toBe(second.nextCursor);
    const backToFirst = await listBags(db().db, LUCKNOW, parseBagListFilters({ before: backToSecond.prevCursor ?? "" }));
    expect(backToFirst.rows.map((r) => r.qr)).toEqual(first.rows.map((r) => r.qr));
    // Back at the newest row: no page before it, and "Next" leads where the first page's did.
    expect(backToFirst.prevCursor).toBeNull();
    expect(backToFirst.nextCursor).toBe(first.nextCursor);
  });

  it("pages back within the filters", async () => {
    const unlinkedChildren = (cursor: Record<string, string>) => listBags(db().db, LUCKNOW, parseBagListFilters({ type: "child", linked: "unlinked", ...cursor }));
    const first = await unlinkedChildren({});
    const second = await unlinkedChildren({ after: first.nextCursor ?? "" });
    const third = await unlinkedChildren({ after: second.nextCursor ?? "" });
    expect(third.rows).toHaveLength(19);
    const back = await unlinkedChildren({ before: third.prevCursor ?? "" });
    expect(back.rows.map((r) => r.qr)).toEqual(second.rows.map((r) => r.qr));
    expect(back.rows.every((r) => r.type === "child" && r.parentQr === null)).toBe(true);
  });

  it("counts a list exactly up to the cap, within the viewer's area and filters", async () => {
    expect(await countBags(db().db, LUCKNOW, parseBagListFilters({}))).toEqual({ kind: "exact", n: 121 });
    expect(await countBags(db().db, LUCKNOW, parseBagListFilters({ area: "indore" }))).toEqual({ kind: "exact", n: 121 });
    expect(await countBags(db().db, BILLER, parseBagListFilters({ type: "parent" }))).toEqual({ kind: "exact", n: 2 });
    expect(await countBags(db().db, NO_AREA, parseBagListFilters({}))).toEqual({ kind: "exact", n: 0 });
    // A small table is counted exactly even unfiltered, whatever the planner's estimate says.
    expect(await countBags(db().db, BILLER, parseBagListFilters({}))).toEqual({ kind: "exact", n: 122 });
    // The cursor is not a filter: every page of a list shows the same count.
    const first = await listBags(db().db, BILLER, parseBagListFilters({}));
    expect(await countBags(db().db, BILLER, parseBagListFilters({ after: first.nextCursor ?? "" }))).toEqual({ kind: "exact", n: 122 });
  });

  it("leaves out a from date after the to date and says so", async () => {
    const { filters, problems } = readBagListFilters({ from: "2025-04-03", to: "2025-04-02", type: "parent" });
    expect(problems).toEqual(["The from date is after the to date."]);
    // Both dates are left out: the list is the one without them, not an empty one.
    expect(filters).toEqual({ type: "parent" });
    const withoutDates = await all(BILLER, { type: "parent" });
    expect(withoutDates.length).toBeGreaterThan(0);
    expect(await all(BILLER, { from: "2025-04-03", to: "2025-04-02", type: "parent" })).toEqual(withoutDates);
  });

  it("shows a child's parent", async () => {
    const page = await listBags(db().db, LUCKNOW, parseBagListFilters({ q: "7000000" }));
    expect(page.rows).toEqual([expect.objectContaining({ qr: "7000000", type: "child", parentQr: "SB70001" })]);
  });
});

describe("countBags on a large table", () => {
  it("tells the whole table from the planner's estimate and a filtered list as more than the cap", async () => {
    await db().db.execute(sql`insert into ${bags} (${columnNames(bags.qr, bags.type, bags.dispatchArea, bags.createdAt)})
      select '9' || lpad(g::text, 7, '0'), 'child', 'indore', ${SAME_INSTANT.toISOString()}::timestamptz
      from generate_series(1, ${BAG_COUNT_CAP + 5}) g`);
    await db().db.execute(sql`analyze ${bags}`);
    try {
      const whole = await countBags(db().db, BILLER, parseBagListFilters({}));
      expect(whole.kind).toBe("about");
      // ANALYZE samples; on a table this size it reads every row, but allow the estimate some slack.
      expect(whole.n).toBeGreaterThan(BAG_COUNT_CAP * 0.9);
      expect(await countBags(db().db, BILLER, parseBagListFilters({ area: "indore" }))).toEqual({ kind: "more_than", n: BAG_COUNT_CAP });
      expect(await countBags(db().db, LUCKNOW, parseBagListFilters({}))).toEqual({ kind: "exact", n: 121 });
    } finally {
      await db().db.delete(bags).where(like(bags.qr, "9%"));
      await db().db.execute(sql`analyze ${bags}`);
    }
  });
});

describe("lookup", () => {
  it("finds a visible bag case-insensitively and hides other areas", async () => {
    expect(await findVisibleBagQr(db().db, LUCKNOW, "SB70001")).toBe("SB70001");
    expect(await findVisibleBagQr(db().db, LUCKNOW, "SB79999")).toBeNull();
    expect(await findVisibleBagQr(db().db, BILLER, "SB79999")).toBe("SB79999");
  });

  it("offers up to 10 close matches: prefix first, then substring, within the viewer's area", async () => {
    const prefix = await listCloseMatches(db().db, LUCKNOW, "SB7");
    expect(prefix.map((m) => m.qr)).toEqual(["SB70001"]);
    expect(await listCloseMatches(db().db, LUCKNOW, "70")).toHaveLength(10);
    const inside = await listCloseMatches(db().db, BILLER, "9999");
    expect(inside.map((m) => m.qr)).toEqual(["SB79999"]);
  });
});
