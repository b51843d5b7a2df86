import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { bills } from "./bills";
import { sqlList } from "./sql-lists";
import { users } from "./users";

// Beyond the original on the floor (issue 18): the offline queue's idempotency keys, load checks
// at the truck and reserved label numbers.

/** What a replayed request was: a parent or child scan at the station, or a parent scanned onto a bill. */
export const SCAN_REPLAY_KINDS = ["parent", "child", "bill_parent"] as const;
export type ScanReplayKind = (typeof SCAN_REPLAY_KINDS)[number];
export const SCAN_REPLAY_OUTCOMES = ["ok", "refused"] as const;

/**
 * One idempotency key a station sent with a scan (the offline queue sends one per scan). The
 * first request with a key does the work and stores its answer here; a repeat of the key (a
 * replay) gets that stored answer and changes nothing. Keys belong to the user who sent them.
 */
export const scanReplays = pgTable(
  "scan_replays",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    kind: text("kind", { enum: SCAN_REPLAY_KINDS }).notNull(),
    // What was asked (e.g. "SB12345/1234567"): the same key with another request is refused.
    request: text("request").notNull(),
    outcome: text("outcome", { enum: SCAN_REPLAY_OUTCOMES }).notNull(),
    // The answer given: the result DTO, or {code, message, status} of a refusal.
    response: jsonb("response").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "scan_replays_pkey", columns: [t.userId, t.key] }),
    index("scan_replays_created_idx").on(t.createdAt),
    check("scan_replays_key_check", sql`${t.key} ~ '^[A-Za-z0-9_-]{8,64}$'`),
    check("scan_replays_kind_check", sql`${t.kind} in ${sqlList(SCAN_REPLAY_KINDS)}`),
    check("scan_replays_outcome_check", sql`${t.outcome} in ${sqlList(SCAN_REPLAY_OUTCOMES)}`),
  ],
);

/**
 * A load check: the parents physically on the truck re-scanned against the bill. The report keeps
 * every list (matched, missing, extra, on another bill) as it stood when it was saved.
 */
export const loadChecks = pgTable(
  "load_checks",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    billId: bigint("bill_id", { mode: "number" })
      .notNull()
      .references(() => bills.id, { onDelete: "cascade" }),
    checkedBy: text("checked_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expectedCount: integer("expected_count").notNull(),
    matchedCount: integer("matched_count").notNull(),
    missingCount: integer("missing_count").notNull(),
    extraCount: integer("extra_count").notNull(),
    otherBillCount: integer("other_bill_count").notNull(),
    report: jsonb("report").notNull(),
    notes: text("notes"),
  },
  (t) => [
    index("load_checks_bill_created_idx").on(t.billId, t.createdAt),
    check(
      "load_checks_counts_check",
      sql`${t.expectedCount} >= 0 and ${t.matchedCount} >= 0 and ${t.missingCount} >= 0 and ${t.extraCount} >= 0 and ${t.otherBillCount} >= 0 and ${t.matchedCount} + ${t.missingCount} = ${t.expectedCount}`,
    ),
    check("load_checks_notes_check", sql`${t.notes} is null or length(${t.notes}) <= 500`),
  ],
);

/** Label series that can be reserved: SB and M444 parents (5 digits) and 7-digit child labels. */
export const LABEL_KINDS = ["SB", "M444", "child"] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/** The next number each series hands out; its row lock serialises reservations of one series. */
export const labelSequences = pgTable(
  "label_sequences",
  {
    kind: text("kind", { enum: LABEL_KINDS }).primaryKey(),
    nextNumber: bigint("next_number", { mode: "number" }).notNull(),
  },
  (t) => [
    check("label_sequences_kind_check", sql`${t.kind} in ${sqlList(LABEL_KINDS)}`),
    check("label_sequences_next_check", sql`${t.nextNumber} >= 1`),
  ],
);

/** A range of label numbers reserved for printing: first_number … first_number + count - 1. */
export const labelReservations = pgTable(
  "label_reservations",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind", { enum: LABEL_KINDS }).notNull(),
    firstNumber: bigint("first_number", { mode: "number" }).notNull(),
    count: integer("count").notNull(),
    reservedBy: text("reserved_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    note: text("note"),
  },
  (t) => [
    uniqueIndex("label_reservations_kind_first_unique").on(t.kind, t.firstNumber),
    index("label_reservations_created_idx").on(t.createdAt),
    check("label_reservations_kind_check", sql`${t.kind} in ${sqlList(LABEL_KINDS)}`),
    check("label_reservations_count_check", sql`${t.count} between 1 and 1000`),
    check("label_reservations_first_check", sql`${t.firstNumber} >= 1`),
    check("label_reservations_note_check", sql`${t.note} is null or length(${t.note}) <= 200`),
  ],
);
