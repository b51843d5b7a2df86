import "server-only";
import { and, eq, inArray, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import { columnNames, hotSql, reusableSql, type Db, type Tx } from "@/db/client";
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
// Which API token acted (its id and visible prefix, never the secret): kept despite the name.
const TOKEN_REFERENCE_KEYS = new Set(["tokenId", "tokenPrefix"]);

/** Drops secret-looking keys at any depth so snapshots can never leak credentials. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => TOKEN_REFERENCE_KEYS.has(k) || !SECRET_KEYS.test(k))
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
const a = auditLog;
const AUDIT_COLUMNS = columnNames(a.action, a.userId, a.actor, a.entityType, a.entityId, a.before, a.after, a.details, a.critical, a.ip, a.requestId);

export function auditInsertSql(entry: AuditEntry): SQL {
  return hotSql`insert into ${auditLog} (${AUDIT_COLUMNS})
    values (${entry.action}, ${entry.userId ?? null}, ${entry.actor ?? null}, ${entry.entityType ?? null},
            ${entry.entityId === undefined ? null : String(entry.entityId)},
            ${snapshot(entry.before)}::jsonb, ${snapshot(entry.after)}::jsonb, ${snapshot(entry.details)}::jsonb,
            ${entry.critical ?? false}, ${entry.ip ?? null}, ${entry.requestId ?? null})`;
}

/** What a statement decides itself for its audit row: SQL over the rows of `from` (a CTE's). */
export interface AuditFromRow {
  entityId: SQL;
  before: SQL;
  after: SQL;
  /** Merged over the entry's own details (its keys win nothing: these are the statement's facts). */
  details: SQL;
  from: SQL;
}

/** One row's VALUES tuple with placeholders named `<prefix><column>` (filled by auditValues). */
function placeholderTuple(prefix: string): SQL {
  const p = (name: string) => sql.placeholder(prefix + name);
  return sql`(${p("action")}, ${p("userId")}, ${p("actor")}, ${p("entityType")}, ${p("entityId")}, ${p("before")}::jsonb, ${p("after")}::jsonb,
              ${p("details")}::jsonb, ${p("critical")}, ${p("ip")}, ${p("requestId")})`;
}

/** The placeholder values of one entry (the values auditInsertSql binds), named `<prefix><column>`. */
export function auditValues(prefix: string, entry: AuditEntry): Record<string, unknown> {
  return {
    [`${prefix}action`]: entry.action,
    [`${prefix}userId`]: entry.userId ?? null,
    [`${prefix}actor`]: entry.actor ?? null,
    [`${prefix}entityType`]: entry.entityType ?? null,
    [`${prefix}entityId`]: entry.entityId === undefined ? null : String(entry.entityId),
    [`${prefix}before`]: snapshot(entry.before),
    [`${prefix}after`]: snapshot(entry.after),
    [`${prefix}details`]: snapshot(entry.details),
    [`${prefix}critical`]: entry.critical ?? false,
    [`${prefix}ip`]: entry.ip ?? null,
    [`${prefix}requestId`]: entry.requestId ?? null,
  };
}

// Every verb writes audit rows: the INSERT of 1 to AUDIT_ROWS_AT_ONCE rows, each rendered once (reusableSql).
const AUDIT_ROWS_AT_ONCE = 4;
const auditInserts = new Map<number, ReturnType<typeof reusableSql>>();
function auditInsertOf(rows: number) {
  let statement = auditInserts.get(rows);
  if (!statement) {
    const tuples = Array.from({ length: rows }, (_, i) => placeholderTuple(`r${i}_`));
    statement = reusableSql(() => sql`insert into ${auditLog} (${AUDIT_COLUMNS}) values ${sql.join(tuples, sql`, `)}`);
    auditInserts.set(rows, statement);
  }
  return statement;
}

/**
 * The audit row of a statement that learns the entity and its before/after only as it runs (a
 * one-statement scan): one row per row of `row.from`, none when it is empty. Meant for a
 * statement rendered once (reusableSql): the entry's own values are placeholders named
 * `<prefix><column>`, filled per call by auditValues(prefix, entry).
 */
export function auditInsertFromRowPlaceholders(prefix: string, row: AuditFromRow): SQL {
  const p = (name: string) => sql.placeholder(prefix + name);
  return hotSql`insert into ${auditLog} (${AUDIT_COLUMNS})
    select ${p("action")}, ${p("userId")}, ${p("actor")}, ${p("entityType")}, (${row.entityId})::text,
           ${row.before}, ${row.after}, coalesce(${p("details")}::jsonb, '{}'::jsonb) || ${row.details},
           ${p("critical")}, ${p("ip")}, ${p("requestId")}
      from ${row.from}`;
}

/** Writes one audit row; pass the transaction so the entry commits (or not) with the change. */
export async function writeAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await writeAudits(db, [entry]);
}

/** Writes audit rows in one statement, in the order given (ids ascend with it). */
export async function writeAudits(db: Db | Tx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (entries.length > AUDIT_ROWS_AT_ONCE) {
    for (let i = 0; i < entries.length; i += AUDIT_ROWS_AT_ONCE) await writeAudits(db, entries.slice(i, i + AUDIT_ROWS_AT_ONCE));
    return;
  }
  await auditInsertOf(entries.length).rows(db, Object.assign({}, ...entries.map((entry, i) => auditValues(`r${i}_`, entry))));
}

/** Who acted and where from, as a verb's context carries them (ServiceContext, SystemContext). */
interface AuditSource {
  actor: { id: string | null; username: string; apiToken?: { id: string; prefix: string } };
  meta: { ip: string | null; requestId: string | null };
}

/** `details` with the acting API token named in it (an object's keys beside the others). */
function withToken(details: unknown, token: { id: string; prefix: string }): Record<string, unknown> {
  const named = { tokenId: token.id, tokenPrefix: token.prefix };
  if (details === undefined || details === null) return named;
  if (typeof details === "object" && !Array.isArray(details)) return { ...(details as Record<string, unknown>), ...named };
  return { value: details, ...named };
}

/**
 * An audit entry filed under the context's actor and request: every verb's rows say who, IP and
 * request id the same way (and which API token, when one acted: "admin (token tt_abcd1234)").
 * `entry` names what happened and to what.
 */
export function auditEntry(ctx: AuditSource, entry: Omit<AuditEntry, "userId" | "actor" | "ip" | "requestId">): AuditEntry {
  const token = ctx.actor.apiToken;
  const who = { userId: ctx.actor.id, ip: ctx.meta.ip, requestId: ctx.meta.requestId };
  if (!token) return { ...entry, ...who, actor: ctx.actor.username };
  return { ...entry, ...who, actor: `${ctx.actor.username} (token ${token.prefix})`, details: withToken(entry.details, token) };
}

/** Writes `entry` under the context's actor and request (see auditEntry). */
export async function audit(conn: Db | Tx, ctx: AuditSource, entry: Omit<AuditEntry, "userId" | "actor" | "ip" | "requestId">): Promise<void> {
  await writeAudit(conn, auditEntry(ctx, entry));
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
