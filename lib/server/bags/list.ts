import "server-only";
import { and, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { keysetCursorAt, type Db } from "@/db/client";
import { keysetCursorOf } from "@/lib/schemas/keyset";
import { bags, billBags, links, users } from "@/db/schema";
import type { BagListPage } from "@/lib/dto/bags";
import type { BagListFilters } from "@/lib/schemas/bags";
import { istDayBounds } from "@/lib/time";
import { areaFilter, bagColumns, qrPrefixCondition, seesAllAreas, type BagViewer } from "./scope";

export const BAG_PAGE_SIZE = 50;

const parentBag = alias(bags, "parent_bag");
const creator = alias(users, "creator");

const childIsLinked = sql`exists (select 1 from ${links} where ${links.childBagId} = ${bags.id})`;
// A parent is billed when it is on a bill; a child when its parent is.
const isBilled = sql`(exists (select 1 from ${billBags} where ${billBags.bagId} = ${bags.id})
  or exists (select 1 from ${links} join ${billBags} on ${billBags.bagId} = ${links.parentBagId} where ${links.childBagId} = ${bags.id}))`;

function filterConditions(db: Db, viewer: BagViewer, f: BagListFilters): (SQL | undefined)[] {
  const fromDay = f.from ? istDayBounds(f.from) : null;
  const toDay = f.to ? istDayBounds(f.to) : null;
  const linked = or(and(eq(bags.type, "child"), childIsLinked), and(eq(bags.type, "parent"), gt(bags.childCount, 0)));
  return [
    // Dispatchers are fixed to their own area here; the `area` filter is for the other roles.
    areaFilter(viewer),
    seesAllAreas(viewer) && f.area ? eq(bags.dispatchArea, f.area) : undefined,
    f.type ? eq(bags.type, f.type) : undefined,
    fromDay ? gte(bags.createdAt, fromDay.start) : undefined,
    toDay ? lt(bags.createdAt, toDay.end) : undefined,
    // Only [A-Z0-9-] survive parsing, so the prefix carries no LIKE wildcards.
    f.q ? qrPrefixCondition(f.q) : undefined,
    f.user
      ? inArray(bags.createdBy, db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, f.user.toLowerCase())))
      : undefined,
    f.linked === "linked" ? linked : f.linked === "unlinked" ? sql`not (${linked})` : undefined,
    f.billed === "billed" ? isBilled : f.billed === "unbilled" ? sql`not (${isBilled})` : undefined,
    f.after ? sql`(${bags.createdAt}, ${bags.id}) < (${f.after.createdAt}::timestamptz, ${f.after.id})` : undefined,
  ];
}

/**
 * One page of bags, newest first, by keyset on (created_at, id): the order of the
 * bags_*_created_idx indexes, so page 40,000 costs what page 1 does. The page is chosen from
 * `bags` alone (filters on links are EXISTS), then only its rows are joined for display.
 */
export async function listBags(db: Db, viewer: BagViewer, filters: BagListFilters): Promise<BagListPage> {
  const page = db
    .select({
      ...bagColumns,
      createdAt: bags.createdAt,
      createdById: bags.createdBy,
      cursorAt: keysetCursorAt(bags.createdAt).as("cursor_at"),
    })
    .from(bags)
    .where(and(...filterConditions(db, viewer, filters)))
    // Newest first = a backward scan of the ascending (…, created_at, id) indexes.
    .orderBy(desc(bags.createdAt), desc(bags.id))
    .limit(BAG_PAGE_SIZE + 1)
    .as("page");
  const rows = await db
    .select({
      id: page.id,
      qr: page.qr,
      type: page.type,
      status: page.status,
      childCount: page.childCount,
      capacity: page.capacity,
      dispatchArea: page.dispatchArea,
      createdAt: page.createdAt,
      cursorAt: page.cursorAt,
      createdBy: creator.username,
      parentQr: parentBag.qr,
    })
    .from(page)
    .leftJoin(creator, eq(creator.id, page.createdById))
    .leftJoin(links, eq(links.childBagId, page.id))
    .leftJoin(parentBag, eq(parentBag.id, links.parentBagId))
    .orderBy(desc(page.createdAt), desc(page.id));

  const shown = rows.slice(0, BAG_PAGE_SIZE);
  const last = shown[shown.length - 1];
  return {
    rows: shown.map((r) => ({
      qr: r.qr,
      type: r.type,
      status: r.status,
      childCount: r.childCount,
      capacity: r.capacity,
      dispatchArea: r.dispatchArea,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      parentQr: r.parentQr,
    })),
    nextCursor: rows.length > BAG_PAGE_SIZE && last ? keysetCursorOf(last) : null,
  };
}
