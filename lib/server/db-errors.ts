import "server-only";
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
