import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { PASS_STATES } from "../../lib/domain";
import { bills } from "./bills";
import { sqlList } from "./sql-lists";
import { users } from "./users";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

// A truck's gate pass for one completed bill (DESIGN.md §8, seed 002). The QR carries only the
// code, signed; everything the gate shows is read from here. `used_at` is set once, by the gate's
// conditional UPDATE (`… WHERE used_at IS NULL AND state = 'active' AND now() within the window`).
export const gatePasses = pgTable(
  "gate_passes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    code: text("code").notNull(),
    // A bill with a pass cannot be deleted: the pass and its use are the truck's record.
    billId: bigint("bill_id", { mode: "number" })
      .notNull()
      .references(() => bills.id, { onDelete: "restrict" }),
    driverName: text("driver_name").notNull(),
    driverPhone: text("driver_phone").notNull(),
    coDriverName: text("co_driver_name"),
    coDriverPhone: text("co_driver_phone"),
    vehicleNumber: text("vehicle_number").notNull(),
    notes: text("notes"),
    validFrom: ts("valid_from").notNull(),
    validUntil: ts("valid_until").notNull(),
    state: text("state", { enum: PASS_STATES }).notNull().default("active"),
    issuedBy: text("issued_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    printCount: integer("print_count").notNull().default(0),
    usedAt: ts("used_at"),
    usedBy: text("used_by").references(() => users.id, { onDelete: "set null" }),
    usedIp: text("used_ip"),
    revokedAt: ts("revoked_at"),
    revokedBy: text("revoked_by").references(() => users.id, { onDelete: "set null" }),
    revokeReason: text("revoke_reason"),
  },
  (t) => [
    uniqueIndex("gate_passes_code_unique").on(t.code),
    // One active pass per bill; a revoked or superseded (expired) one may be replaced.
    uniqueIndex("gate_passes_bill_active_unique").on(t.billId).where(sql`${t.state} = 'active'`),
    index("gate_passes_bill_idx").on(t.billId, t.createdAt, t.id),
    index("gate_passes_created_idx").on(t.createdAt, t.id),
    index("gate_passes_used_idx").on(t.usedAt).where(sql`${t.usedAt} is not null`),
    // When a bill's truck left (the portal's "Left gate"): one bill's used passes, newest first.
    index("gate_passes_bill_used_idx").on(t.billId, t.usedAt).where(sql`${t.usedAt} is not null`),
    index("gate_passes_vehicle_idx").on(t.vehicleNumber),
    index("gate_passes_issued_by_idx").on(t.issuedBy),
    index("gate_passes_used_by_idx").on(t.usedBy),
    index("gate_passes_revoked_by_idx").on(t.revokedBy),
    check("gate_passes_code_check", sql`${t.code} ~ '^GP-[0-9]{8}-[0-9]{4,}$'`),
    check("gate_passes_state_check", sql`${t.state} in ${sqlList(PASS_STATES)}`),
    check("gate_passes_window_check", sql`${t.validUntil} > ${t.validFrom} and ${t.validUntil} - ${t.validFrom} <= interval '48 hours'`),
    check("gate_passes_driver_phone_check", sql`${t.driverPhone} ~ '^[0-9]{10}$'`),
    check("gate_passes_co_driver_phone_check", sql`${t.coDriverPhone} is null or ${t.coDriverPhone} ~ '^[0-9]{10}$'`),
    check("gate_passes_vehicle_check", sql`${t.vehicleNumber} ~ '^[A-Z0-9]{4,12}$'`),
    check("gate_passes_driver_name_check", sql`length(${t.driverName}) between 2 and 100`),
    check("gate_passes_print_count_check", sql`${t.printCount} >= 0`),
    // A used pass was active when the gate took it; a revoked one says when, why (and stays unused).
    check("gate_passes_used_check", sql`${t.usedAt} is null or ${t.state} = 'active'`),
    check(
      "gate_passes_revoked_check",
      sql`(${t.state} = 'revoked') = (${t.revokedAt} is not null and ${t.revokeReason} is not null)`,
    ),
  ],
);

// The last pass number handed out per IST day: `INSERT … ON CONFLICT DO UPDATE … RETURNING` in
// the issuing transaction, so numbers run without gaps (a rolled-back issue returns its number).
export const gatePassDays = pgTable(
  "gate_pass_days",
  {
    day: date("day", { mode: "string" }).primaryKey(),
    lastSeq: integer("last_seq").notNull(),
  },
  (t) => [check("gate_pass_days_seq_check", sql`${t.lastSeq} >= 1`)],
);
