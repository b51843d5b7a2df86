// Indexes are ascending: PostgreSQL scans them backwards for `ORDER BY … DESC`, which a
// `DESC NULLS LAST` index could not serve for a plain `desc()` sort.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { BAG_STATUSES, BAG_TYPES, DISPATCH_AREAS } from "../../lib/domain";
import { sqlList } from "./sql-lists";
import { users } from "./users";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

// One table for parent and child bags; a QR's role never changes (type is immutable in code,
// and links/bill rows reference (id, type) so the database refuses a child used as a parent).
export const bags = pgTable(
  "bags",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    qr: text("qr").notNull(),
    type: text("type", { enum: BAG_TYPES }).notNull(),
    dispatchArea: text("dispatch_area", { enum: DISPATCH_AREAS }),
    status: text("status", { enum: BAG_STATUSES }).notNull().default("pending"),
    childCount: integer("child_count").notNull().default(0),
    capacity: smallint("capacity"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    // A parent sealed below capacity ("Finish at n"): when, by whom and why; null while open.
    finishedAt: ts("finished_at"),
    finishedBy: text("finished_by").references(() => users.id, { onDelete: "set null" }),
    finishReason: text("finish_reason"),
    // Copies kept by the database: a child's parent (from `links`) and the bill a bag is on, its
    // own (a parent's, from `bill_bags`) or its parent's (a child's). Statement triggers on links
    // and bill_bags keep them (migration 0014) whichever verb, import or cascade changes those; a
    // verb may only insert a new child with its parent already set (the trigger then agrees).
    // The bag list's linked/billed filters read the row, or a partial index, instead of probing.
    parentBagId: bigint("parent_bag_id", { mode: "number" }),
    billId: bigint("bill_id", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("bags_qr_ci_unique").on(sql`upper(${t.qr})`),
    unique("bags_id_type_unique").on(t.id, t.type),
    // The bag list reads newest first along (…, created_at, id): by type and area, by area, or all.
    // Every filter combination's plan is checked in tests/db/bag-filters-explain.test.ts.
    index("bags_type_area_created_idx").on(t.type, t.dispatchArea, t.createdAt, t.id),
    index("bags_area_created_idx").on(t.dispatchArea, t.createdAt, t.id),
    index("bags_created_idx").on(t.createdAt, t.id),
    // The `user` filter newest first (a rare creator's bags were found by walking every bag), and
    // users' ON DELETE SET NULL. It replaces the plain created_by index: one insert as before, but
    // ≈ 10× its size (147 MB at 2M bags), as (created_at, id) leave nothing to deduplicate.
    index("bags_created_by_created_idx").on(t.createdBy, t.createdAt, t.id),
    index("bags_finished_by_idx").on(t.finishedBy).where(sql`${t.finishedBy} is not null`),
    // The bag list's status filter (parents only): newest first within one status.
    index("bags_parent_status_created_idx").on(t.status, t.createdAt, t.id).where(sql`${t.type} = 'parent'`),
    // Parents of every area newest first (type=parent, and billed/unlinked lists only parents can
    // match), where bags_created_idx reads 20 bags a parent. Only parent inserts (1 in 20) pay.
    index("bags_parent_created_idx").on(t.createdAt, t.id).where(sql`${t.type} = 'parent'`),
    // Unlinked bags newest first (`linked=unlinked`: empty parents and children on no parent, few
    // among millions), and bags on a bill newest first (`billed=billed`, while the newest bags are
    // not billed yet). No predicate names child_count, which every scan changes: a column in an
    // index predicate would make each count update a non-HOT one. An empty parent is a pending one.
    // Small on the scan path: a child is inserted with its parent already set.
    index("bags_unlinked_created_idx")
      .on(t.createdAt, t.id)
      .where(sql`(${t.type} = 'parent' and ${t.status} = 'pending') or (${t.type} = 'child' and ${t.parentBagId} is null)`),
    index("bags_billed_created_idx").on(t.createdAt, t.id).where(sql`${t.billId} is not null`),
    // The lookup's "contains" search, upper(qr) like '%TERM%' with 3+ characters (pg_trgm). GIN's
    // pending list keeps a scan's insert cheap; the alternative is reading all bags per lookup.
    index("bags_qr_trgm_idx").using("gin", sql`upper(${t.qr}) gin_trgm_ops`),
    check("bags_type_check", sql`${t.type} in ${sqlList(BAG_TYPES)}`),
    check("bags_status_check", sql`${t.status} in ${sqlList(BAG_STATUSES)}`),
    check(
      "bags_area_check",
      sql`${t.dispatchArea} is null or ${t.dispatchArea} in ${sqlList(DISPATCH_AREAS)}`,
    ),
    check(
      "bags_capacity_check",
      sql`(${t.type} = 'parent' and ${t.capacity} in (15, 30)) or (${t.type} = 'child' and ${t.capacity} is null and ${t.childCount} = 0)`,
    ),
    check("bags_child_count_check", sql`${t.childCount} >= 0 and ${t.childCount} <= coalesce(${t.capacity}, 0)`),
    check("bags_parent_bag_check", sql`${t.parentBagId} is null or ${t.type} = 'child'`),
    check("bags_qr_check", sql`length(${t.qr}) between 4 and 20`),
    // Only a completed parent is finished, and a finish says why (finished_by: null once the user is deleted).
    check(
      "bags_finished_check",
      sql`(${t.finishedAt} is null and ${t.finishedBy} is null and ${t.finishReason} is null)
        or (${t.type} = 'parent' and ${t.status} = 'completed' and ${t.finishedAt} is not null
            and ${t.finishReason} is not null and length(${t.finishReason}) between 1 and 200)`,
    ),
    // Completed means full, or finished below capacity on purpose (every earlier row is one or the other).
    check(
      "bags_completed_check",
      sql`${t.status} <> 'completed' or ${t.childCount} = ${t.capacity} or ${t.finishedAt} is not null`,
    ),
  ],
);

// parent ← child. UNIQUE(child_bag_id): a child is on at most one parent.
export const links = pgTable(
  "links",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    parentBagId: bigint("parent_bag_id", { mode: "number" }).notNull(),
    parentType: text("parent_type").notNull().default("parent"),
    childBagId: bigint("child_bag_id", { mode: "number" }).notNull(),
    childType: text("child_type").notNull().default("child"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    unique("links_child_unique").on(t.childBagId),
    index("links_parent_created_idx").on(t.parentBagId, t.createdAt, t.id),
    index("links_created_by_idx").on(t.createdBy),
    check("links_parent_type_check", sql`${t.parentType} = 'parent'`),
    check("links_child_type_check", sql`${t.childType} = 'child'`),
    foreignKey({
      name: "links_parent_fk",
      columns: [t.parentBagId, t.parentType],
      foreignColumns: [bags.id, bags.type],
    }).onDelete("cascade"),
    foreignKey({
      name: "links_child_fk",
      columns: [t.childBagId, t.childType],
      foreignColumns: [bags.id, bags.type],
    }).onDelete("cascade"),
  ],
);

export const SCAN_ACTIONS = ["parent", "child", "undo"] as const;

// Append-only scan history. Undo marks the event (undone_at/undone_by); nothing is deleted.
export const scans = pgTable(
  "scans",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    createdAt: ts("created_at").notNull().defaultNow(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action", { enum: SCAN_ACTIONS }).notNull(),
    result: text("result").notNull(),
    qr: text("qr"),
    parentBagId: bigint("parent_bag_id", { mode: "number" }).references(() => bags.id, { onDelete: "set null" }),
    childBagId: bigint("child_bag_id", { mode: "number" }).references(() => bags.id, { onDelete: "set null" }),
    dispatchArea: text("dispatch_area", { enum: DISPATCH_AREAS }),
    undoneAt: ts("undone_at"),
    undoneBy: text("undone_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("scans_created_idx").on(t.createdAt, t.id),
    index("scans_user_created_idx").on(t.userId, t.createdAt, t.id),
    index("scans_parent_created_idx").on(t.parentBagId, t.createdAt, t.id),
    index("scans_child_created_idx").on(t.childBagId, t.createdAt, t.id),
    index("scans_area_created_idx").on(t.dispatchArea, t.createdAt),
    index("scans_undone_by_idx").on(t.undoneBy),
    check("scans_action_check", sql`${t.action} in ${sqlList(SCAN_ACTIONS)}`),
  ],
);
