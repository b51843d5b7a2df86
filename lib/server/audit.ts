import "server-only";
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

/** Writes one audit row; pass the transaction so the entry commits (or not) with the change. */
export async function writeAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    userId: entry.userId ?? null,
    actor: entry.actor ?? null,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId === undefined ? null : String(entry.entityId),
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
    details: entry.details === undefined ? null : redact(entry.details),
    critical: entry.critical ?? false,
    ip: entry.ip ?? null,
    requestId: entry.requestId ?? null,
  });
}
