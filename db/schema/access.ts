import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { DISPATCH_AREAS } from "../../lib/domain";
import { sqlList } from "./sql-lists";
import { users } from "./users";

// People and access (issue 17): promotion requests and API tokens.

export const PROMOTION_STATUSES = ["pending", "approved", "rejected"] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];
/** The roles a promotion can ask for (a dispatcher may ask for biller or admin, a biller for admin). */
export const PROMOTION_ROLES = ["biller", "admin"] as const;

/** A staff member asking to be promoted; one pending request per user (partial unique index). */
export const promotionRequests = pgTable(
  "promotion_requests",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // The role the requester held when asking, and the one asked for.
    fromRole: text("from_role").notNull(),
    requestedRole: text("requested_role", { enum: PROMOTION_ROLES }).notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: PROMOTION_STATUSES }).notNull().default("pending"),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    decisionNote: text("decision_note"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("promotion_requests_one_pending").on(t.userId).where(sql`${t.status} = 'pending'`),
    index("promotion_requests_status_created_idx").on(t.status, t.createdAt),
    check("promotion_requests_status_check", sql`${t.status} in ${sqlList(PROMOTION_STATUSES)}`),
    check("promotion_requests_role_check", sql`${t.requestedRole} in ${sqlList(PROMOTION_ROLES)}`),
    check("promotion_requests_reason_check", sql`length(${t.reason}) between 10 and 500`),
    check("promotion_requests_note_check", sql`${t.decisionNote} is null or length(${t.decisionNote}) <= 300`),
    check(
      "promotion_requests_decided_check",
      sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`,
    ),
  ],
);

/**
 * What an API token may act as: a dispatcher of one area, a biller, a gate, a read-only reader
 * (GET only, every area), or an admin (only from an admin with 2FA who chose it explicitly).
 */
export const TOKEN_SCOPES = ["dispatcher", "biller", "gate", "readonly", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** An API token: shown once; only its SHA-256 and a visible prefix are stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
    name: text("name").notNull(),
    // The first characters of the token ("tt_" + 8), shown in lists and audit rows.
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    scope: text("scope", { enum: TOKEN_SCOPES }).notNull(),
    dispatchArea: text("dispatch_area", { enum: DISPATCH_AREAS }),
    // The admin who issued it; the token acts in their name, within its scope.
    issuedBy: text("issued_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    lastUsedIp: text("last_used_ip"),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    revokedBy: text("revoked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_unique").on(t.tokenHash),
    uniqueIndex("api_tokens_prefix_unique").on(t.prefix),
    index("api_tokens_issued_by_idx").on(t.issuedBy),
    check("api_tokens_scope_check", sql`${t.scope} in ${sqlList(TOKEN_SCOPES)}`),
    check("api_tokens_area_check", sql`(${t.scope} = 'dispatcher') = (${t.dispatchArea} is not null)`),
    check("api_tokens_name_check", sql`length(${t.name}) between 1 and 80`),
  ],
);
