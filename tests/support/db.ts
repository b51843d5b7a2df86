import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { createDb, pgliteExtensions, type DbHandle } from "@/db/client";
import { setDbHandle } from "@/lib/server/db";
import { databaseUrl, testDatabaseName } from "./db-names";

export type TestDb = DbHandle & { dispose(): Promise<void> };

/**
 * A fresh, migrated database for one test file: real PostgreSQL when TEST_DATABASE_URL is set
 * (a new database per file, dropped afterwards), otherwise an in-memory PGlite. Both are copies
 * of the template the db project's globalSetup migrated once (tests/support/db-template.ts);
 * `{ migrated: false }` gives an empty database instead (the migrations' own test).
 */
export async function createTestDb(options: { migrated?: boolean } = {}): Promise<TestDb> {
  const migrated = options.migrated ?? true;
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const template = migrated ? pgliteTemplate() : undefined;
    const pglite = new PGlite({ ...(template ? { loadDataDir: template } : {}), extensions: pgliteExtensions });
    await pglite.waitReady;
    const handle = createDb({ pglite });
    if (migrated && !template) await handle.migrate();
    return { ...handle, dispose: () => handle.close() };
  }
  const name = testDatabaseName();
  const template = migrated ? injected("postgresTemplate") : undefined;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const handle = createDb({ url: databaseUrl(base, name), poolMax: 40 });
  if (migrated && !template) await handle.migrate();
  return {
    ...handle,
    async dispose() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** What the globalSetup provided; undefined when a file runs without it (it then migrates itself). */
function injected(key: "pgliteTemplate" | "postgresTemplate"): string | undefined {
  return inject(key) || undefined;
}

let templateTarball: Blob | undefined;
function pgliteTemplate(): Blob | undefined {
  const file = injected("pgliteTemplate");
  if (file) templateTarball ??= new Blob([readFileSync(file)]);
  return file ? templateTarball : undefined;
}

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Registers a per-file database, installs it as the app's handle, and returns a getter. */
export function setupTestDb(): () => DbHandle {
  let handle: TestDb | undefined;
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
