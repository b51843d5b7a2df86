import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { DISPATCH_AREAS, RETURN_BAG_STATES, RETURN_TICKET_STATUSES } from "../../lib/domain";
import { bags } from "./bags";
import { bills } from "./bills";
import { sqlList } from "./sql-lists";
import { users } from "./users";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

// Return tickets (IPT, DESIGN.md §3, reference §2.6): dealers return parent bags to a C&F point;
// each returned parent leaves its bill while the ticket is open, stays off it when the ticket is
// finalized, and goes back on its bill when the ticket is cancelled.
export const returnTickets = pgTable(
  "return_tickets",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    // RTN-YYYYMMDD-NNNN: the IST day and its number (return_ticket_days).
    code: text("code").notNull(),
    // The C&F location: one of the dispatch areas.
    area: text("area", { enum: DISPATCH_AREAS }).notNull(),
    notes: text("notes"),
    status: text("status", { enum: RETURN_TICKET_STATUSES }).notNull().default("open"),
    // Counters of the bags held on the ticket (state held/returned), changed only in the same
    // transaction as return_ticket_bags; weight = children × CHILD_WEIGHT_KG.
    bagsCount: integer("bags_count").notNull().default(0),
    childCount: integer("child_count").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    closedAt: ts("closed_at"),
    closedBy: text("closed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("return_tickets_code_unique").on(t.code),
    index("return_tickets_created_idx").on(t.createdAt, t.id),
    index("return_tickets_status_created_idx").on(t.status, t.createdAt, t.id),
    index("return_tickets_created_by_idx").on(t.createdBy),
    index("return_tickets_closed_by_idx").on(t.closedBy),
    check("return_tickets_code_check", sql`${t.code} ~ '^RTN-[0-9]{8}-[0-9]{4,}$'`),
    check("return_tickets_status_check", sql`${t.status} in ${sqlList(RETURN_TICKET_STATUSES)}`),
    check("return_tickets_area_check", sql`${t.area} in ${sqlList(DISPATCH_AREAS)}`),
    check("return_tickets_notes_check", sql`${t.notes} is null or length(${t.notes}) <= 500`),
    check("return_tickets_counts_check", sql`${t.bagsCount} >= 0 and ${t.childCount} >= 0`),
    check("return_tickets_closed_check", sql`(${t.status} = 'open') = (${t.closedAt} is null)`),
  ],
);

// The last ticket number handed out per IST day (as gate_pass_days: no gaps, no duplicates).
export const returnTicketDays = pgTable(
  "return_ticket_days",
  {
    day: date("day", { mode: "string" }).primaryKey(),
    lastSeq: integer("last_seq").notNull(),
  },
  (t) => [check("return_ticket_days_seq_check", sql`${t.lastSeq} >= 1`)],
);

// One parent on one ticket. `held` while the ticket is open (the parent is off its bill), then
// `returned` (finalized) or `restored` (cancelled: back on bill_id). A parent is held by at most
// one open ticket (the partial unique index decides two tickets racing for it).
export const returnTicketBags = pgTable(
  "return_ticket_bags",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => returnTickets.id, { onDelete: "cascade" }),
    // A bag on a return ticket cannot be deleted: the ticket is the record of the return.
    bagId: bigint("bag_id", { mode: "number" })
      .notNull()
      .references(() => bags.id, { onDelete: "restrict" }),
    bagQr: text("bag_qr").notNull(),
    // The bill the parent left (null once that bill is deleted); its number is kept as text.
    billId: bigint("bill_id", { mode: "number" }).references(() => bills.id, { onDelete: "set null" }),
    billNumber: text("bill_number").notNull(),
    childCount: integer("child_count").notNull(),
    state: text("state", { enum: RETURN_BAG_STATES }).notNull().default("held"),
    scannedBy: text("scanned_by").references(() => users.id, { onDelete: "set null" }),
    scannedAt: ts("scanned_at").notNull().defaultNow(),
  },
  (t) => [
    unique("return_ticket_bags_ticket_bag_unique").on(t.ticketId, t.bagId),
    uniqueIndex("return_ticket_bags_held_unique").on(t.bagId).where(sql`${t.state} = 'held'`),
    index("return_ticket_bags_ticket_scanned_idx").on(t.ticketId, t.scannedAt, t.id),
    index("return_ticket_bags_bill_idx").on(t.billId),
    index("return_ticket_bags_scanned_by_idx").on(t.scannedBy),
    check("return_ticket_bags_state_check", sql`${t.state} in ${sqlList(RETURN_BAG_STATES)}`),
    check("return_ticket_bags_child_count_check", sql`${t.childCount} >= 0`),
  ],
);

// A bill's counts before and after a parent left it for a return ticket, or came back when the
// ticket was cancelled (shown on the bill page). Weights: children × CHILD_WEIGHT_KG (actual),
// the parents' expected weights (expected).
export const billReturnEvents = pgTable(
  "bill_return_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    billId: bigint("bill_id", { mode: "number" })
      .notNull()
      .references(() => bills.id, { onDelete: "cascade" }),
    ticketId: bigint("ticket_id", { mode: "number" }).references(() => returnTickets.id, { onDelete: "set null" }),
    bagId: bigint("bag_id", { mode: "number" }).references(() => bags.id, { onDelete: "set null" }),
    bagQr: text("bag_qr").notNull(),
    // returned: the parent left the bill; restored: a cancelled ticket put it back.
    kind: text("kind", { enum: ["returned", "restored"] }).notNull(),
    linkedBefore: integer("linked_before").notNull(),
    linkedAfter: integer("linked_after").notNull(),
    childrenBefore: integer("children_before").notNull(),
    childrenAfter: integer("children_after").notNull(),
    actualWeightBeforeKg: integer("actual_weight_before_kg").notNull(),
    actualWeightAfterKg: integer("actual_weight_after_kg").notNull(),
    expectedWeightBeforeKg: integer("expected_weight_before_kg").notNull(),
    expectedWeightAfterKg: integer("expected_weight_after_kg").notNull(),
    byUser: text("by_user").references(() => users.id, { onDelete: "set null" }),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [
    index("bill_return_events_bill_at_idx").on(t.billId, t.at, t.id),
    index("bill_return_events_ticket_idx").on(t.ticketId),
    index("bill_return_events_bag_idx").on(t.bagId),
    index("bill_return_events_by_user_idx").on(t.byUser),
    check("bill_return_events_kind_check", sql`${t.kind} in ('returned', 'restored')`),
  ],
);
