import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { setDbHandle } from "@/lib/server/db";

/**
 * A fresh, migrated database for one test file: real PostgreSQL when TEST_DATABASE_URL is set
 * (a new database per file, dropped afterwards), otherwise an in-memory PGlite.
 */
export async function createTestDb(): Promise<DbHandle & { dispose(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const handle = createDb({});
    await handle.migrate();
    return { ...handle, dispose: () => handle.close() };
  }
  const name = `tt_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = createDb({ url: url.toString(), poolMax: 40 });
  await handle.migrate();
  return {
    ...handle,
    async dispose() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Registers a per-file database, installs it as the app's handle, and returns a getter. */
export function setupTestDb(): () => DbHandle {
  let handle: (DbHandle & { dispose(): Promise<void> }) | undefined;
  beforeAll(async () => {
    handle = await createTestDb();
    setDbHandle(handle);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await handle?.dispose();
  });
  return () => {
    if (!handle) throw new Error("test database not ready");
    return handle;
  };
}

/** Empties every table between tests that need a clean slate. */
export async function truncateAll(handle: DbHandle): Promise<void> {
  await handle.rows(
    sql`truncate table audit_log, scans, bill_bags, bills, links, bags, sessions, accounts, verification_tokens, users restart identity cascade`,
  );
}

/** @deprecated old name kept while parallel work migrates; use setupTestDb. */
export const useTestDb = setupTestDb;
