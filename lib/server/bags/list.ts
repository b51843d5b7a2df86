import "server-only";
import { and, asc, desc, eq, getTableName, gte, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { keysetCursorAt, selectRows, type Db } from "@/db/client";
import { keysetCursorOf } from "@/lib/schemas/keyset";
import { bags, users } from "@/db/schema";
import type { BagCount, BagListPage } from "@/lib/dto/bags";
import type { BagListFilters } from "@/lib/schemas/bags";
import { istDayBounds } from "@/lib/time";
import { areaFilter, bagColumns, qrPrefixCondition, seesAllAreas, type BagViewer } from "./scope";

export const BAG_PAGE_SIZE = 50;
/** A filtered list is counted exactly up to here, then told as "more than". */
export const BAG_COUNT_CAP = 10_000;

const parentBag = alias(bags, "parent_bag");
const creator = alias(users, "creator");

// Link and bill filters read the bag's own row: parent_bag_id (a child's parent) and bill_id (the
// bill a parent is on, or a child's parent is on) are kept from links and bill_bags by triggers
// (migration 0014). The rare sets have partial indexes: unlinked children, and billed bags.
// Kinds are literals, so plans can use the `type = 'parent'` / `type = 'child'` partial indexes.
const isParent = sql`${bags.type} = 'parent'`;
const isChild = sql`${bags.type} = 'child'`;
const linkedWhen = { parent: sql`${bags.childCount} > 0`, child: sql`${bags.parentBagId} is not null` };
// An empty parent is exactly a pending one (driftedParents checks it): `status = 'pending'` lets
// the planner read bags_parent_status_created_idx, where child_count, in no index, could not be.
const unlinkedWhen = { parent: sql`${bags.status} = 'pending'`, child: sql`${bags.parentBagId} is null` };
// A parent is billed when it is on a bill, a child when its parent is: bill_id says both.
const billed = sql`${bags.billId} is not null`;
const unbilled = sql`${bags.billId} is null`;
const billedWhen = { parent: billed, child: billed, any: billed };
const unbilledWhen = { parent: unbilled, child: unbilled, any: unbilled };

type Kinds = { parent: boolean; child: boolean };

/** A condition that differs by kind, for the kinds the list can hold. */
function byKind(kinds: Kinds, when: { parent: SQL; child: SQL; any?: SQL }): SQL {
  if (!kinds.child) return when.parent;
  if (!kinds.parent) return when.child;
  return when.any ?? sql`((${isParent} and ${when.parent}) or (${isChild} and ${when.child}))`;
}

/** The list's filters with `user` looked up: its id, or null when nobody has that name. */
export type ResolvedBagFilters = BagListFilters & { creatorId?: string | null };

/**
 * Looks the `user` filter's name up before the list's statement, so the planner sees the id and
 * its share of the bags: a rare creator's few bags are then read from bags_created_by_created_idx,
 * where a subquery's unknown id is costed as an average creator's.
 */
export async function resolveBagFilters(db: Db, filters: ResolvedBagFilters): Promise<ResolvedBagFilters> {
  // Already looked up (the page resolves once for its list and its count).
  if (!filters.user || filters.creatorId !== undefined) return filters;
  const [row] = await db.select({ id: users.id }).from(users).where(creatorNamed(filters.user)).limit(1);
  return { ...filters, creatorId: row?.id ?? null };
}

const creatorNamed = (username: string) => eq(sql`lower(${users.username})`, username.toLowerCase());

function creatorCondition(db: Db, f: ResolvedBagFilters): SQL | undefined {
  if (f.creatorId !== undefined) return f.creatorId === null ? sql`false` : eq(bags.createdBy, f.creatorId);
  // Not looked up (the export): one user at most (users_username_ci_unique), so `=` a subquery.
  return f.user ? eq(bags.createdBy, db.select({ id: users.id }).from(users).where(creatorNamed(f.user))) : undefined;
}

/**
 * The filters' conditions, without the keyset cursor (shared by the page, its count and the bag
 * export). Which kinds of bag can match is decided here: a status is a parent's, and a child on
 * no parent is on no bill. The list then reads parents alone, or children alone, where it can.
 */
export function filterConditions(db: Db, viewer: BagViewer, f: ResolvedBagFilters): (SQL | undefined)[] {
  const fromDay = f.from ? istDayBounds(f.from) : null;
  const toDay = f.to ? istDayBounds(f.to) : null;
  const kinds: Kinds = {
    parent: f.type !== "child",
    child: f.type !== "parent" && !f.status && !(f.linked === "unlinked" && f.billed === "billed"),
  };
  return [
    // Dispatchers are fixed to their own area here; the `area` filter is for the other roles.
    areaFilter(viewer),
    seesAllAreas(viewer) && f.area ? eq(bags.dispatchArea, f.area) : undefined,
    !kinds.parent && !kinds.child ? sql`false` : !kinds.child ? isParent : !kinds.parent ? isChild : undefined,
    // Only parents have a packing state (bags_parent_status_created_idx); a finished parent is completed.
    f.status ? eq(bags.status, f.status) : undefined,
    fromDay ? gte(bags.createdAt, fromDay.start) : undefined,
    toDay ? lt(bags.createdAt, toDay.end) : undefined,
    // Only [A-Z0-9-] survive parsing, so the prefix carries no LIKE wildcards.
    f.q ? qrPrefixCondition(f.q) : undefined,
    creatorCondition(db, f),
    f.linked ? byKind(kinds, f.linked === "linked" ? linkedWhen : unlinkedWhen) : undefined,
    f.billed ? byKind(kinds, f.billed === "billed" ? billedWhen : unbilledWhen) : undefined,
  ];
}

/** Which way the page reads from its cursor: `after` wins when a URL carries both. */
function cursorCondition(f: BagListFilters): { condition?: SQL; backward: boolean } {
  if (f.after) return { condition: sql`(${bags.createdAt}, ${bags.id}) < (${f.after.createdAt}::timestamptz, ${f.after.id})`, backward: false };
  if (f.before) return { condition: sql`(${bags.createdAt}, ${bags.id}) > (${f.before.createdAt}::timestamptz, ${f.before.id})`, backward: true };
  return { backward: false };
}

/** listBags's statement, unexecuted (tests/db/bag-filters-explain.test.ts EXPLAINs it). */
export function listBagsQuery(db: Db, viewer: BagViewer, filters: ResolvedBagFilters) {
  const { condition, backward } = cursorCondition(filters);
  // "Previous" reads the rows just newer than its cursor oldest first, then shows them newest first.
  const pageOrder = backward ? [asc(bags.createdAt), asc(bags.id)] : [desc(bags.createdAt), desc(bags.id)];
  const page = db
    .select({
      ...bagColumns,
      createdAt: bags.createdAt,
      createdById: bags.createdBy,
      parentBagId: bags.parentBagId,
      finished: sql<boolean>`${bags.finishedAt} is not null`.as("finished"),
      cursorAt: keysetCursorAt(bags.createdAt).as("cursor_at"),
    })
    .from(bags)
    .where(and(...filterConditions(db, viewer, filters), condition))
    // Newest first = a backward scan of the ascending (…, created_at, id) indexes.
    .orderBy(...pageOrder)
    .limit(BAG_PAGE_SIZE + 1)
    .as("page");
  return db
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
    .leftJoin(parentBag, eq(parentBag.id, page.parentBagId))
    .orderBy(desc(page.createdAt), desc(page.id));
}

/**
 * One page of bags, newest first, by keyset on (created_at, id): the order of the
 * bags_*_created_idx indexes, so page 40,000 costs what page 1 does. The page is chosen from
 * `bags` alone (linked and billed read its own parent_bag_id and bill_id), then only its rows are
 * joined for display.
 */
export async function listBags(db: Db, viewer: BagViewer, filters: ResolvedBagFilters): Promise<BagListPage> {
  const backward = cursorCondition(filters).backward;
  const rows = await listBagsQuery(db, viewer, await resolveBagFilters(db, filters));

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
export async function countBags(db: Db, viewer: BagViewer, filters: ResolvedBagFilters): Promise<BagCount> {
  if (filterConditions(db, viewer, filters).every((c) => c === undefined)) {
    const [stats] = await selectRows<{ n: number }>(db, sql`select reltuples::float8 as n from pg_class where oid = ${getTableName(bags)}::regclass`);
    // -1 (never analysed) or a small table: a capped count is exact and as cheap.
    const estimate = Number(stats?.n ?? -1);
    if (estimate > BAG_COUNT_CAP) return { kind: "about", n: Math.round(estimate) };
  }
  const [row] = await countBagsQuery(db, viewer, await resolveBagFilters(db, filters));
  const n = Number(row?.n ?? 0);
  return n > BAG_COUNT_CAP ? { kind: "more_than", n: BAG_COUNT_CAP } : { kind: "exact", n };
}

/**
 * countBags's statement, unexecuted: the list's WHERE, stopping at BAG_COUNT_CAP + 1 rows. It reads
 * newest first, as the page does: a rare set of recent bags (unbilled, unlinked) is then found at
 * once, where a sequential read would start from the oldest.
 */
export function countBagsQuery(db: Db, viewer: BagViewer, filters: ResolvedBagFilters) {
  const capped = db
    .select({ one: sql`1`.as("one") })
    .from(bags)
    .where(and(...filterConditions(db, viewer, filters)))
    .orderBy(desc(bags.createdAt), desc(bags.id))
    .limit(BAG_COUNT_CAP + 1)
    .as("capped");
  return db.select({ n: sql<number>`count(*)::int` }).from(capped);
}
