import "server-only";
import { createDb, type DbHandle } from "@/db/client";
import { getEnv } from "./env";

const globalForDb = globalThis as typeof globalThis & { __tracetrackDb?: DbHandle };

/**
 * The process's one database handle. Kept on globalThis because Next bundles instrumentation
 * and routes separately, and a file-backed PGlite may be opened only once per process.
 */
export function getDbHandle(): DbHandle {
  if (!globalForDb.__tracetrackDb) {
    const env = getEnv();
    globalForDb.__tracetrackDb = createDb({
      url: env.DATABASE_URL,
      pgliteDir: env.PGLITE_DIR,
      poolMax: env.DB_POOL_MAX,
    });
  }
  return globalForDb.__tracetrackDb;
}

/** Tests install their own handle (a fresh migrated database) before calling server code. */
export function setDbHandle(handle: DbHandle | undefined): void {
  globalForDb.__tracetrackDb = handle;
}

export function getDb() {
  return getDbHandle().db;
}
