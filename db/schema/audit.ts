import { bigint, boolean, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

// Who did what to which entity, with before/after snapshots (never secrets).
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    actor: text("actor"),
    ip: text("ip"),
    requestId: text("request_id"),
    action: text("action").notNull(),
    entityType: text("entity_type"),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    details: jsonb("details"),
    critical: boolean("critical").notNull().default(false),
  },
  (t) => [
    index("audit_created_idx").on(t.createdAt, t.id),
    index("audit_user_created_idx").on(t.userId, t.createdAt, t.id),
    index("audit_action_created_idx").on(t.action, t.createdAt, t.id),
    index("audit_entity_idx").on(t.entityType, t.entityId),
    index("audit_request_idx").on(t.requestId),
  ],
);
