import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { mkdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type all query code is written against: postgres.js and PGlite both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface DbHandle {
  db: Db;
  kind: "postgres" | "pglite";
  /** Raw SQL → rows, the same shape on both drivers. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres:// URL; when absent an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; undefined → in memory. */
  pgliteDir?: string;
  poolMax?: number;
  /** An existing PGlite (tests clone a migrated template). */
  pglite?: PGlite;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export function createDb(options: DbOptions): DbHandle {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      idle_timeout: 30,
      connect_timeout: 5,
      onnotice: () => {},
      connection: { application_name: "tracetrack" },
    });
    const db = drizzlePostgres(client, { schema });
    return {
      db,
      kind: "postgres",
      async rows<T extends Record<string, unknown>>(query: SQL) {
        return (await db.execute(query)) as unknown as T[];
      },
      migrate: () => migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
  const client = options.pglite ?? new PGlite(options.pgliteDir);
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: "pglite",
    async rows<T extends Record<string, unknown>>(query: SQL) {
      const result = await db.execute(query);
      return result.rows as T[];
    },
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}
