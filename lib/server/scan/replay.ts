import "server-only";
import { and, eq, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { scanReplays, type ScanReplayKind } from "@/db/schema";
import type { Replayable } from "@/lib/dto/outcome";
import type { ServiceContext } from "../service";
import { AppError, ConflictError, ReplayedRefusal, type ErrorText } from "../errors";

/** One keyed scan: its idempotency key, what kind of scan, and what it asked, normalised ("SB12345/1234567"). */
export interface ReplayCall {
  key: string;
  kind: ScanReplayKind;
  request: string;
}

/** The call of a scan sent with a key; without one (null) the scan runs as it always did. */
export function replayCall(kind: ScanReplayKind, key: string | undefined, ...request: string[]): ReplayCall | null {
  return key === undefined ? null : { key, kind, request: request.join("/") };
}

export const KEY_REUSED_MESSAGE = "This idempotency key was already used for another scan.";

export function keyReused(): ConflictError {
  return new ConflictError("idempotency_key_reused", KEY_REUSED_MESSAGE).say({}, "scan_idempotency_key_reused");
}

// Refusals kept with a key are the domain's answers (403/404/409). Input errors (400), the
// guards (they run before) and a race that says "scan it again" are not: those must run again.
const KEPT_STATUSES = new Set([403, 404, 409]);
const TRANSIENT_CODES = new Set(["scan_conflict"]);

function keptRefusal(err: unknown): err is AppError {
  return err instanceof AppError && KEPT_STATUSES.has(err.status) && !TRANSIENT_CODES.has(err.code);
}

/** A refusal kept with its key: what it said, and how to say it in another language (`text`, when the verb gave one). */
interface StoredRefusal {
  status: number;
  code: string;
  message: string;
  text?: ErrorText;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function isErrorText(value: unknown): value is ErrorText {
  return (
    isRecord(value) &&
    typeof value.key === "string" &&
    isRecord(value.values) &&
    Object.values(value.values).every((v) => typeof v === "string" || typeof v === "number")
  );
}

function isStoredRefusal(value: unknown): value is StoredRefusal {
  if (!isRecord(value)) return false;
  const { status, code, message, text } = value;
  return typeof status === "number" && typeof code === "string" && typeof message === "string" && (text === undefined || isErrorText(text));
}

type Ran<T extends object> = { answer: Replayable<T> } | { refused: AppError };

/**
 * Runs a scan once per idempotency key of its user. Without a key, `work` just runs: not one
 * statement more. With a key, one transaction claims the key first (a placeholder row), runs
 * `work` in it (the work's own transactions become savepoints) and stores the answer, or a
 * refusal of the domain, before the commit. A repeat of the key replays what is stored and
 * writes nothing; the same key for another request is refused (idempotency_key_reused).
 * `revive` turns a stored answer back into the DTO (dates come back as strings).
 */
export async function runOnce<T extends object>(
  ctx: ServiceContext,
  call: ReplayCall | null,
  work: (ctx: ServiceContext) => Promise<T>,
  revive: (stored: T) => T = (stored) => stored,
): Promise<Replayable<T>> {
  if (!call) return work(ctx);
  const userId = ctx.actor.id;
  const mine = and(eq(scanReplays.userId, userId), eq(scanReplays.key, call.key));
  const ran = await ctx.db.transaction(async (tx): Promise<Ran<T>> => {
    // The primary key serialises one key's requests: a second waits here until the first
    // commits (then it replays the stored row) or rolls back (then it claims the key itself).
    const [claimed] = await tx
      .insert(scanReplays)
      .values({ userId, key: call.key, kind: call.kind, request: call.request, outcome: "ok", response: {} })
      .onConflictDoNothing()
      .returning({ key: scanReplays.key });
    if (!claimed) return { answer: await replay(tx, call, mine, revive) };
    try {
      const answer = await work({ ...ctx, db: tx });
      await tx.update(scanReplays).set({ response: answer }).where(mine);
      return { answer };
    } catch (err) {
      // The refusal rolled back to its savepoint: the claim still stands and takes the answer.
      if (!keptRefusal(err)) throw err;
      const response: StoredRefusal = { status: err.status, code: err.code, message: err.message, ...(err.text ? { text: err.text } : {}) };
      await tx.update(scanReplays).set({ outcome: "refused", response }).where(mine);
      return { refused: err };
    }
  });
  if ("refused" in ran) throw ran.refused;
  return ran.answer;
}

/** The stored answer to a repeated key: the first answer marked replayed, or its refusal again. */
async function replay<T extends object>(tx: Tx, call: ReplayCall, mine: SQL | undefined, revive: (stored: T) => T): Promise<Replayable<T>> {
  const [stored] = await tx
    .select({ kind: scanReplays.kind, request: scanReplays.request, outcome: scanReplays.outcome, response: scanReplays.response })
    .from(scanReplays)
    .where(mine)
    .limit(1);
  if (!stored) throw new Error(`idempotency key ${call.key} neither claimed nor stored`);
  if (stored.kind !== call.kind || stored.request !== call.request) throw keyReused();
  if (stored.outcome === "refused") {
    if (!isStoredRefusal(stored.response)) throw new Error(`idempotency key ${call.key} has a malformed refusal`);
    const { status, code, message, text } = stored.response;
    const refusal = new ReplayedRefusal(status, code, message);
    // Said again in the reader's language, as the first time.
    throw text ? refusal.say(text.values, text.key) : refusal;
  }
  // Written by runOnce from this verb's own answer.
  return { ...revive(stored.response as T), replayed: true };
}

export const SCAN_REPLAY_RETENTION_DAYS = 30;
const PRUNE_BATCH = 5_000;
const DAY_MS = 86_400_000;

/**
 * Keys older than 30 days go (a queue replays within hours; a month covers a tablet left off
 * over a holiday), in batches over the created_at index. Run daily by the maintenance sweep.
 */
export async function pruneScanReplays(db: Db, now = new Date()): Promise<{ deleted: number }> {
  const before = new Date(now.getTime() - SCAN_REPLAY_RETENTION_DAYS * DAY_MS);
  let deleted = 0;
  for (;;) {
    const batch = db
      .select({ userId: scanReplays.userId, key: scanReplays.key })
      .from(scanReplays)
      .where(lt(scanReplays.createdAt, before))
      .limit(PRUNE_BATCH);
    const rows = await db
      .delete(scanReplays)
      .where(sql`(${scanReplays.userId}, ${scanReplays.key}) in ${batch}`)
      .returning({ key: scanReplays.key });
    deleted += rows.length;
    if (rows.length < PRUNE_BATCH) break;
  }
  return { deleted };
}
