import "server-only";
import { and, eq, inArray, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { auditLog } from "@/db/schema";

export interface AuditEntry {
  action: string;
  userId?: string | null;
  actor?: string | null;
  entityType?: string;
  entityId?: string | number;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  critical?: boolean;
  ip?: string | null;
  requestId?: string | null;
}

const SECRET_KEYS = /password|hash|secret|token|totp|backup/i;

/** Drops secret-looking keys at any depth so snapshots can never leak credentials. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.test(k))
        .map(([k, v]) => [k, redact(v)]),
    );
  }
  return value;
}

const snapshot = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(redact(value)));

/**
 * The INSERT of one audit row, as SQL: run alone by writeAudit, or as the final statement after
 * data-modifying CTEs so a hot-path mutation and its audit row are one round trip.
 */
export function auditInsertSql(entry: AuditEntry): SQL {
  return sql`insert into audit_log (action, user_id, actor, entity_type, entity_id, before, after, details, critical, ip, request_id)
    values (${entry.action}, ${entry.userId ?? null}, ${entry.actor ?? null}, ${entry.entityType ?? null},
            ${entry.entityId === undefined ? null : String(entry.entityId)},
            ${snapshot(entry.before)}::jsonb, ${snapshot(entry.after)}::jsonb, ${snapshot(entry.details)}::jsonb,
            ${entry.critical ?? false}, ${entry.ip ?? null}, ${entry.requestId ?? null})`;
}

/** Writes one audit row; pass the transaction so the entry commits (or not) with the change. */
export async function writeAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await db.execute(auditInsertSql(entry));
}

/** Where a security event came from, for its audit row. */
export interface AuditMeta {
  ip: string | null;
  requestId: string | null;
}

export const AUDIT_RETENTION_DAYS = 90;
export const AUDIT_SNAPSHOT_DAYS = 30;
const PRUNE_BATCH = 5_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: non-critical rows go after 90 days, their before/after snapshots after 30; critical
 * rows are kept whole. Works in batches so a large backlog never holds one huge lock.
 */
export async function pruneAudit(db: Db, now = new Date()): Promise<{ deleted: number; trimmed: number }> {
  const deleteBefore = new Date(now.getTime() - AUDIT_RETENTION_DAYS * DAY_MS);
  const trimBefore = new Date(now.getTime() - AUDIT_SNAPSHOT_DAYS * DAY_MS);
  let deleted = 0;
  for (;;) {
    const batch = db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(lt(auditLog.createdAt, deleteBefore), eq(auditLog.critical, false)))
      .limit(PRUNE_BATCH);
    const rows = await db.delete(auditLog).where(inArray(auditLog.id, batch)).returning({ id: auditLog.id });
    deleted += rows.length;
    if (rows.length < PRUNE_BATCH) break;
  }
  let trimmed = 0;
  for (;;) {
    const batch = db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          lt(auditLog.createdAt, trimBefore),
          eq(auditLog.critical, false),
          or(isNotNull(auditLog.before), isNotNull(auditLog.after)),
        ),
      )
      .limit(PRUNE_BATCH);
    const rows = await db
      .update(auditLog)
      .set({ before: null, after: null })
      .where(inArray(auditLog.id, batch))
      .returning({ id: auditLog.id });
    trimmed += rows.length;
    if (rows.length < PRUNE_BATCH) break;
  }
  return { deleted, trimmed };
}
