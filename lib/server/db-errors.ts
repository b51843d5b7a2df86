import "server-only";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db/client";
import type { AppError } from "./errors";

/** The constraint a database error names, through Drizzle's wrapper (postgres.js and PGlite spell it differently). */
export function constraintOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth += 1) {
    const named = e as { constraint_name?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof named.constraint_name === "string") return named.constraint_name;
    if (typeof named.constraint === "string") return named.constraint;
    e = named.cause;
  }
  return undefined;
}

/** The SQLSTATE of a database error, directly or through the `cause` Drizzle wraps it in. */
function sqlStateOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth += 1) {
    const { code, cause } = e as { code?: unknown; cause?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = cause;
  }
  return undefined;
}

/** A statement refused by a unique constraint (23505). */
export const isUniqueViolation = (err: unknown): boolean => sqlStateOf(err) === "23505";

/** A transaction PostgreSQL chose to abort to break a deadlock (40P01). */
export const isDeadlock = (err: unknown): boolean => sqlStateOf(err) === "40P01";

const DEADLOCK_ATTEMPTS = 3;

/**
 * Runs `work` again (up to three times in all) when PostgreSQL aborted its transaction to break a
 * deadlock: the database rolled all of it back, and the other transaction has gone on, so the
 * same work now simply waits its turn. A scan that locks a parent and then (re-checking a parent
 * another station just changed) its bill can meet a bill change that locks them the other way
 * round; the loser is re-run instead of answering 500. `work` must start its own transaction and
 * collect side effects (counters) afresh each time. Inside a transaction (`db` is one) nothing is
 * re-run here: the deadlock aborted the caller's transaction, and only the outermost can retry.
 */
export async function retryDeadlocks<T>(db: Db | Tx, work: () => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return work();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (err) {
      if (!isDeadlock(err) || attempt >= DEADLOCK_ATTEMPTS) throw err;
      console.warn(`[db] deadlock broken by PostgreSQL; running the transaction again (attempt ${attempt + 1} of ${DEADLOCK_ATTEMPTS})`);
    }
  }
}

/** Which expected failure a refused constraint means, by constraint name. */
export type ConstraintErrors = Record<string, () => AppError>;

/**
 * Runs a transaction; a race the code did not foresee but the database refused becomes the
 * right 409/404 from `errors` instead of a 500 (the checks inside normally answer first).
 */
export async function inTransaction<T>(db: Db, errors: ConstraintErrors, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (err) {
    const mapped = errors[constraintOf(err) ?? ""];
    throw mapped ? mapped() : err;
  }
}
