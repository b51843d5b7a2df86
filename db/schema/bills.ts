import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { BILL_STATUSES } from "../../lib/domain";
import { bags } from "./bags";
import { customers } from "./customers";
import { sqlList } from "./sql-lists";
import { users } from "./users";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const bills = pgTable(
  "bills",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    billNumber: text("bill_number").notNull(),
    capacity: integer("capacity").notNull(),
    description: text("description"),
    // The customer (DESIGN.md §8); a name given to POST /api/bills is matched case-insensitively.
    customerId: bigint("customer_id", { mode: "number" }).references(() => customers.id, { onDelete: "restrict" }),
    vehicleNumber: text("vehicle_number"),
    status: text("status", { enum: BILL_STATUSES }).notNull().default("new"),
    linkedCount: integer("linked_count").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    completedAt: ts("completed_at"),
    // Set when the truck's gate pass is admitted at the gate; the bill is then terminal.
    dispatchedAt: ts("dispatched_at"),
  },
  (t) => [
    uniqueIndex("bills_number_ci_unique").on(sql`upper(${t.billNumber})`),
    index("bills_status_created_idx").on(t.status, t.createdAt, t.id),
    index("bills_created_idx").on(t.createdAt, t.id),
    index("bills_created_by_idx").on(t.createdBy),
    index("bills_customer_created_idx").on(t.customerId, t.createdAt, t.id),
    check("bills_capacity_check", sql`${t.capacity} between 1 and 500`),
    check("bills_linked_count_check", sql`${t.linkedCount} >= 0`),
    check("bills_status_check", sql`${t.status} in ${sqlList(BILL_STATUSES)}`),
    check("bills_number_check", sql`length(${t.billNumber}) between 1 and 50`),
    check("bills_dispatched_check", sql`(${t.status} = 'dispatched') = (${t.dispatchedAt} is not null)`),
  ],
);

// bill ← parent bag. UNIQUE(bag_id): a parent is on at most one bill; (bag_id, bag_type)
// references bags(id, type) so only parent bags can be billed.
export const billBags = pgTable(
  "bill_bags",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    billId: bigint("bill_id", { mode: "number" })
      .notNull()
      .references(() => bills.id, { onDelete: "cascade" }),
    bagId: bigint("bag_id", { mode: "number" }).notNull(),
    bagType: text("bag_type").notNull().default("parent"),
    addedBy: text("added_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    unique("bill_bags_bag_unique").on(t.bagId),
    index("bill_bags_bill_created_idx").on(t.billId, t.createdAt, t.id),
    index("bill_bags_added_by_idx").on(t.addedBy),
    check("bill_bags_type_check", sql`${t.bagType} = 'parent'`),
    foreignKey({
      name: "bill_bags_bag_fk",
      columns: [t.bagId, t.bagType],
      foreignColumns: [bags.id, bags.type],
    }).onDelete("cascade"),
  ],
);
