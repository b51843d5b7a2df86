import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./users";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

// The people who receive the bags (DESIGN.md §8, seed 003). A bill names one; a customer
// account (a user with role `customer`) sees the bills of the customers linked to it.
// `code` is derived from the id ("C0007"), so it is short, unique and never races.
export const customers = pgTable(
  "customers",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    code: text("code")
      .notNull()
      .generatedAlwaysAs(sql`'C' || lpad(id::text, 4, '0')`),
    email: text("email"),
    phone: text("phone"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("customers_name_ci_unique").on(sql`lower(${t.name})`),
    check("customers_name_check", sql`length(${t.name}) between 1 and 120 and ${t.name} = btrim(${t.name})`),
    check("customers_phone_check", sql`${t.phone} is null or ${t.phone} ~ '^[0-9]{10}$'`),
    check("customers_email_check", sql`${t.email} is null or length(${t.email}) between 3 and 254`),
  ],
);

// Which customers a customer account sees; an account with users.all_customers sees every one.
export const userCustomers = pgTable(
  "user_customers",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    customerId: bigint("customer_id", { mode: "number" })
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.customerId] }), index("user_customers_customer_idx").on(t.customerId)],
);

// Every sign-in attempt that named an account or an address (success and failure), for the
// usage analytics (DESIGN.md §8); kept 90 days by the maintenance sweep.
export const loginEvents = pgTable(
  "login_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    createdAt: ts("created_at").notNull().defaultNow(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    /** The role at the time (a later role change does not rewrite history); null for unknown names. */
    role: text("role"),
    identifier: text("identifier").notNull(),
    success: boolean("success").notNull(),
    /** Why a failure failed (bad_password, unknown_user, locked, deactivated, second_factor) or how a success got in. */
    reason: text("reason").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    index("login_events_created_idx").on(t.createdAt),
    index("login_events_user_created_idx").on(t.userId, t.createdAt),
    check("login_events_identifier_check", sql`length(${t.identifier}) <= 254`),
  ],
);

export type CustomerRow = typeof customers.$inferSelect;
