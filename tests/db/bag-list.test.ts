import { beforeAll, describe, expect, it } from "vitest";
import { bags, billBags, bills, links } from "@/db/schema";
import type { DispatchArea } from "@/lib/domain";
import { parseBagListFilters } from "@/lib/schemas/bags";
import { BAG_PAGE_SIZE, listBags } from "@/lib/server/bags/list";
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

  it("shows a child's parent", async () => {
    const page = await listBags(db().db, LUCKNOW, parseBagListFilters({ q: "7000000" }));
    expect(page.rows).toEqual([expect.objectContaining({ qr: "7000000", type: "child", parentQr: "SB70001" })]);
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
