import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { DISPATCH_AREAS, ROLES } from "../../lib/domain";
import { LOCALES, THEMES } from "../../lib/preferences";
import { sqlList } from "./sql-lists";

export const AUTH_SOURCES = ["local", "ldap"] as const;
export type AuthSource = (typeof AUTH_SOURCES)[number];

// Auth.js needs id/name/email/emailVerified/image; the rest is TraceTrack's own.
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    name: text("name"),
    email: text("email"),
    emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
    image: text("image"),
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("dispatcher"),
    dispatchArea: text("dispatch_area", { enum: DISPATCH_AREAS }),
    failedLoginAttempts: integer("failed_login_attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
    lastFailedLoginAt: timestamp("last_failed_login_at", { withTimezone: true, mode: "date" }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true, mode: "date" }),
    totpSecret: text("totp_secret"),
    totpEnabled: boolean("totp_enabled").notNull().default(false),
    totpLastStep: integer("totp_last_step"),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    // A customer account linked to every customer (seed 003's "All"); others list theirs in user_customers.
    allCustomers: boolean("all_customers").notNull().default(false),
    // A deactivated account cannot sign in and its sessions stop resolving (customer accounts).
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true, mode: "date" }),
    // "local": signs in with the password here; "ldap": the directory checks the password and its
    // groups set the role at every sign-in (DESIGN.md §8, seed 003).
    authSource: text("auth_source", { enum: AUTH_SOURCES }).notNull().default("local"),
    // Deleted = anonymised: the row stays (scan history keeps its counts, audit rows their actor
    // id) under a stable pseudonym, with no e-mail, no usable password and no sessions.
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    // The person's language and theme (issue 19); null follows the device (browser language, system theme).
    locale: text("locale", { enum: LOCALES }),
    theme: text("theme", { enum: THEMES }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_username_ci_unique").on(sql`lower(${t.username})`),
    uniqueIndex("users_email_ci_unique").on(sql`lower(${t.email})`),
    index("users_role_area_idx").on(t.role, t.dispatchArea),
    index("users_created_at_idx").on(t.createdAt),
    check("users_role_check", sql`${t.role} in ${sqlList(ROLES)}`),
    check("users_area_check", sql`${t.dispatchArea} is null or ${t.dispatchArea} in ${sqlList(DISPATCH_AREAS)}`),
    check("users_failed_attempts_check", sql`${t.failedLoginAttempts} >= 0`),
    // Staff names are 3–64 (the schema); a customer account's username is its e-mail address.
    check("users_username_check", sql`length(${t.username}) between 3 and 254`),
    check("users_auth_source_check", sql`${t.authSource} in ${sqlList(AUTH_SOURCES)}`),
    check("users_locale_check", sql`${t.locale} is null or ${t.locale} in ${sqlList(LOCALES)}`),
    check("users_theme_check", sql`${t.theme} is null or ${t.theme} in ${sqlList(THEMES)}`),
    check("users_all_customers_check", sql`not ${t.allCustomers} or ${t.role} = 'customer'`),
  ],
);
