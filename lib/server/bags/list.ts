import "server-only";
import { and, asc, desc, eq, getTableName, gt, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { keysetCursorAt, selectRows, type Db } from "@/db/client";
import { keysetCursorOf } from "@/lib/schemas/keyset";
import { bags, billBags, links, users } from "@/db/schema";
import type { BagCount, BagListPage } from "@/lib/dto/bags";
import type { BagListFilters } from "@/lib/schemas/bags";
import { istDayBounds } from "@/lib/time";
import { areaFilter, bagColumns, qrPrefixCondition, seesAllAreas, type BagViewer } from "./scope";

export const BAG_PAGE_SIZE = 50;
/** A filtered list is counted exactly up to here, then told as "more than". */
export const BAG_COUNT_CAP = 10_000;

const parentBag = alias(bags, "parent_bag");
const creator = alias(users, "creator");

const childIsLinked = sql`exists (select 1 from ${links} where ${links.childBagId} = ${bags.id})`;
// A parent is billed when it is on a bill; a child when its parent is.
const isBilled = sql`(exists (select 1 from ${billBags} where ${billBags.bagId} = ${bags.id})
  or exists (select 1 from ${links} join ${billBags} on ${billBags.bagId} = ${links.parentBagId} where ${links.childBagId} = ${bags.id}))`;

/** The filters' conditions, without the keyset cursor (shared by the page, its count and the bag export). */
export function filterConditions(db: Db, viewer: BagViewer, f: BagListFilters): (SQL | undefined)[] {
  const fromDay = f.from ? istDayBounds(f.from) : null;
  const toDay = f.to ? istDayBounds(f.to) : null;
  const linked = or(and(eq(bags.type, "child"), childIsLinked), and(eq(bags.type, "parent"), gt(bags.childCount, 0)));
  return [
    // Dispatchers are fixed to their own area here; the `area` filter is for the other roles.
    areaFilter(viewer),
    seesAllAreas(viewer) && f.area ? eq(bags.dispatchArea, f.area) : undefined,
    f.type ? eq(bags.type, f.type) : undefined,
    // Only parents have a packing state (bags_parent_status_created_idx); a finished parent is completed.
    f.status ? and(eq(bags.type, "parent"), eq(bags.status, f.status)) : undefined,
    fromDay ? gte(bags.createdAt, fromDay.start) : undefined,
    toDay ? lt(bags.createdAt, toDay.end) : undefined,
    // Only [A-Z0-9-] survive parsing, so the prefix carries no LIKE wildcards.
    f.q ? qrPrefixCondition(f.q) : undefined,
    f.user
      ? inArray(bags.createdBy, db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, f.user.toLowerCase())))
      : undefined,
    f.linked === "linked" ? linked : f.linked === "unlinked" ? sql`not (${linked})` : undefined,
    f.billed === "billed" ? isBilled : f.billed === "unbilled" ? sql`not (${isBilled})` : undefined,
  ];
}

/** Which way the page reads from its cursor: `after` wins when a URL carries both. */
function cursorCondition(f: BagListFilters): { condition?: SQL; backward: boolean } {
  if (f.after) return { condition: sql`(${bags.createdAt}, ${bags.id}) < (${f.after.createdAt}::timestamptz, ${f.after.id})`, backward: false };
  if (f.before) return { condition: sql`(${bags.createdAt}, ${bags.id}) > (${f.before.createdAt}::timestamptz, ${f.before.id})`, backward: true };
  return { backward: false };
}

/**
 * One page of bags, newest first, by keyset on (created_at, id): the order of the
 * bags_*_created_idx indexes, so page 40,000 costs what page 1 does. The page is chosen from
 * `bags` alone (filters on links are EXISTS), then only its rows are joined for display.
 */
export async function listBags(db: Db, viewer: BagViewer, filters: BagListFilters): Promise<BagListPage> {
  const { condition, backward } = cursorCondition(filters);
  // "Previous" reads the rows just newer than its cursor oldest first, then shows them newest first.
  const pageOrder = backward ? [asc(bags.createdAt), asc(bags.id)] : [desc(bags.createdAt), desc(bags.id)];
  const page = db
    .select({
      ...bagColumns,
      createdAt: bags.createdAt,
      createdById: bags.createdBy,
      finished: sql<boolean>`${bags.finishedAt} is not null`.as("finished"),
      cursorAt: keysetCursorAt(bags.createdAt).as("cursor_at"),
    })
    .from(bags)
    .where(and(...filterConditions(db, viewer, filters), condition))
    // Newest first = a backward scan of the ascending (…, created_at, id) indexes.
    .orderBy(...pageOrder)
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
      finished: page.finished,
      cursorAt: page.cursorAt,
      createdBy: creator.username,
      parentQr: parentBag.qr,
    })
    .from(page)
    .leftJoin(creator, eq(creator.id, page.createdById))
    .leftJoin(links, eq(links.childBagId, page.id))
    .leftJoin(parentBag, eq(parentBag.id, links.parentBagId))
    .orderBy(desc(page.createdAt), desc(page.id));

  // Sorted newest first above; read backward, the page is the newest-but-closest 50 of its rows.
  const more = rows.length > BAG_PAGE_SIZE;
  const shown = backward ? rows.slice(Math.max(0, rows.length - BAG_PAGE_SIZE)) : rows.slice(0, BAG_PAGE_SIZE);
  const first = shown[0];
  const last = shown[shown.length - 1];
  const hasNext = backward ? shown.length > 0 : more;
  const hasPrevious = backward ? more : Boolean(filters.after) && shown.length > 0;
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
      finished: r.finished === true,
    })),
    nextCursor: hasNext && last ? keysetCursorOf(last) : null,
    prevCursor: hasPrevious && first ? keysetCursorOf(first) : null,
  };
}

/**
 * The list's size for its header, cheap at millions of bags: the whole table (no filter, all
 * areas) reads the planner's row estimate (pg_class.reltuples, kept by ANALYZE/autovacuum);
 * anything else counts through the same WHERE, stopping at BAG_COUNT_CAP + 1 rows.
 */
export async function countBags(db: Db, viewer: BagViewer, filters: BagListFilters): Promise<BagCount> {
  const conditions = filterConditions(db, viewer, filters).filter((c): c is SQL => c !== undefined);
  if (conditions.length === 0) {
    const [stats] = await selectRows<{ n: number }>(db, sql`select reltuples::float8 as n from pg_class where oid = ${getTableName(bags)}::regclass`);
    // -1 (never analysed) or a small table: a capped count is exact and as cheap.
    const estimate = Number(stats?.n ?? -1);
    if (estimate > BAG_COUNT_CAP) return { kind: "about", n: Math.round(estimate) };
  }
  const capped = db.select({ one: sql`1`.as("one") }).from(bags).where(and(...conditions)).limit(BAG_COUNT_CAP + 1).as("capped");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(capped);
  const n = Number(row?.n ?? 0);
  return n > BAG_COUNT_CAP ? { kind: "more_than", n: BAG_COUNT_CAP } : { kind: "exact", n };
}
