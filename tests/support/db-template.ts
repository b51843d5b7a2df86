// Vitest globalSetup of the "db" project: migrates one template database per run, which every
// test file then copies (tests/support/db.ts) instead of migrating a database of its own.
//   PGlite: an in-memory database, migrated and dumped to a tarball in the OS temp directory;
//           each file starts its PGlite from that tarball (loadDataDir).
//   PostgreSQL (TEST_DATABASE_URL): a database `tt_test_<time>_tpl…`, migrated; each file runs
//           CREATE DATABASE … TEMPLATE it. Dropped at the end, with any stale tt_test_* left
//           behind by an earlier, interrupted run.
import { PGlite } from "@electric-sql/pglite";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDb, pgliteExtensions } from "@/db/client";
import { databaseUrl, STALE_TEST_DB_MS, testDatabaseName, testDatabaseTime } from "./db-names";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the migrated PGlite data directory as a tarball ("" on PostgreSQL). */
    pgliteTemplate: string;
    /** Name of the migrated PostgreSQL template database ("" on PGlite). */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const dir = mkdtempSync(path.join(tmpdir(), "tt-pglite-template-"));
    // Smaller than initdb's defaults, so that each file's copy unpacks and starts sooner (≈ 0.7 s
    // of ≈ 2.5 s per file here): 1 MB WAL segments instead of 16 MB, 16 MB of shared buffers
    // instead of 128 MB (plenty for a test file's rows).
    const pglite = new PGlite({ initDbStartParams: ["--wal-segsize=1"], extensions: pgliteExtensions });
    await createDb({ pglite }).migrate();
    await pglite.exec("alter system set shared_buffers = '16MB'");
    const tarball = await pglite.dumpDataDir("none");
    await pglite.close();
    const file = path.join(dir, "migrated.tar");
    writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
    project.provide("pgliteTemplate", file);
    project.provide("postgresTemplate", "");
    return async () => rmSync(dir, { recursive: true, force: true });
  }

  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await dropStaleTestDatabases(admin);
  const template = testDatabaseName("tpl");
  await admin.unsafe(`create database ${template}`);
  const handle = createDb({ url: databaseUrl(base, template), poolMax: 1 });
  try {
    await handle.migrate();
  } finally {
    // CREATE DATABASE … TEMPLATE refuses a template anyone is connected to.
    await handle.close();
  }
  project.provide("pgliteTemplate", "");
  project.provide("postgresTemplate", template);
  return async () => {
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}

/** tt_test_* databases older than STALE_TEST_DB_MS: what an interrupted run left behind. */
async function dropStaleTestDatabases(admin: postgres.Sql): Promise<void> {
  const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'tt\_test\_%'`;
  for (const { datname } of rows) {
    const created = testDatabaseTime(datname);
    if (created !== null && Date.now() - created > STALE_TEST_DB_MS) {
      await admin.unsafe(`drop database if exists ${datname} with (force)`);
    }
  }
}
