import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Column, is, sql, Table, type Query, type SQL } from "drizzle-orm";
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
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
  /** The postgres:// URL it was opened with (what pg_dump reads); absent for PGlite. */
  url?: string;
  /** Raw SQL → rows, the same shape on both drivers. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  migrate(): Promise<void>;
  /**
   * LISTEN on `channel`: `onNotify` gets each payload; `onState(true)` once listening (again after
   * a reconnect), `onState(false)` as soon as the listening connection is lost (a notification may
   * have been missed). On PostgreSQL a connection of its own, re-opened every second until it
   * listens again; on PGlite in-process (nothing to lose). Resolves once the first attempt ended;
   * close() ends every listener.
   */
  listen(channel: string, onNotify: (payload: string) => void, onState: (listening: boolean) => void): Promise<void>;
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

/**
 * The extensions the migrations create (pg_trgm: migration 0013). Every PGlite this project opens
 * passes them as `extensions`: without them a migrated database starts, but inserting a bag fails.
 */
export const pgliteExtensions = { pg_trgm };

/**
 * Raw SQL → rows on either driver, on the pool or inside a transaction. For the few statements
 * on the scan loop's hot path: Drizzle's query builder costs more CPU per statement than the
 * round trip itself (≈ 0.35 ms vs 0.2 ms measured on the 2-core box). Select only text, boolean,
 * int4 and float8 columns (timestamps as epoch ms), which both drivers parse the same way.
 */
export async function selectRows<T extends Record<string, unknown>>(conn: Db | Tx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await conn.execute(query));
}

/** A raw statement's answer as rows: postgres.js answers an array, PGlite `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A statement rendered to SQL text once and run many times, on the pool or inside a transaction.
 * Drizzle renders every statement anew on each call — for a select with joins or a statement
 * with CTEs that is 0.1–1 ms of CPU (a V8 profile of the gate scan: ≈ 1 ms of its 5.6 ms in
 * Drizzle's rendering), more than the round trip. `build` writes the statement with
 * `sql.placeholder(name)` wherever a value goes; `run` fills them (Drizzle's fillPlaceholders)
 * and hands the cached text to the connection's own session, so the same object serves every
 * handle and every transaction. A prepared query (`.prepare()`) cannot: it is bound to the
 * connection it was made on.
 */
interface RenderedStatement {
  query: Query;
  fields?: unknown;
  joinsNotNullableMap?: Record<string, boolean>;
}
interface SessionLike {
  prepareQuery(query: Query, fields: unknown, name: string | undefined, arrayMode: boolean): { joinsNotNullableMap?: Record<string, boolean>; execute(values?: Record<string, unknown>): Promise<unknown> };
}
function executeRendered(conn: Db | Tx, rendered: RenderedStatement, values: Record<string, unknown>): Promise<unknown> {
  // A builder's statement maps its columns from array rows (as the builder asks); raw SQL answers objects.
  const arrayMode = rendered.fields !== undefined;
  const prepared = (conn._.session as unknown as SessionLike).prepareQuery(rendered.query, rendered.fields, undefined, arrayMode);
  if (rendered.joinsNotNullableMap) prepared.joinsNotNullableMap = rendered.joinsNotNullableMap;
  return prepared.execute(values);
}

/** Raw SQL (hotSql/sql with placeholders) rendered once; `rows` answers as selectRows does. */
export function reusableSql<Row extends Record<string, unknown>, Values extends Record<string, unknown> = Record<string, never>>(build: () => SQL) {
  let rendered: RenderedStatement | undefined;
  return {
    async rows(conn: Db | Tx, values: Values): Promise<Row[]> {
      rendered ??= { query: dialect.sqlToQuery(build()) };
      return rowsOf<Row>(await executeRendered(conn, rendered, values));
    },
  };
}

interface PreparableBuilder {
  prepare(name: string): { getQuery(): Query };
}
/**
 * A query builder's statement (a select with its joins and typed columns) rendered once: `build`
 * makes it on whatever handle runs it first (only its text and column mapping are kept);
 * `run` answers what the builder would, mapped by Drizzle as the builder maps it.
 */
export function reusableQuery<Result, Values extends Record<string, unknown>>(build: (conn: Db | Tx) => PreparableBuilder & PromiseLike<Result>) {
  let rendered: RenderedStatement | undefined;
  return {
    async run(conn: Db | Tx, values: Values): Promise<Result> {
      if (!rendered) {
        // The builder's own prepared query, never executed: its text, and the column mapping its
        // driver class keeps (`fields`, `joinsNotNullableMap`, both drivers alike).
        const template = build(conn).prepare("reusable") as ReturnType<PreparableBuilder["prepare"]> & Partial<Pick<RenderedStatement, "fields" | "joinsNotNullableMap">>;
        rendered = { query: template.getQuery(), fields: template.fields, joinsNotNullableMap: template.joinsNotNullableMap };
      }
      return (await executeRendered(conn, rendered, values)) as Result;
    },
  };
}

/** A writable COPY … FROM STDIN stream (postgres.js), as `copyFromStdin` hands it out. */
export interface CopyWritable {
  write(chunk: string, callback: (err?: Error | null) => void): boolean;
  end(callback: () => void): void;
  once(event: "error", listener: (err: Error) => void): void;
}
interface CopyCapableClient {
  unsafe(query: string): { writable(): Promise<CopyWritable> };
}

/**
 * `COPY <statement> FROM STDIN` on the transaction's own connection when it is postgres.js (the
 * Drizzle transaction's session client), null on PGlite, whose callers load rows another way.
 */
export async function copyFromStdin(tx: Tx, statement: string): Promise<CopyWritable | null> {
  const client = (tx as unknown as { session?: { client?: Partial<CopyCapableClient> } }).session?.client;
  if (!client || typeof client.unsafe !== "function" || !("begin" in client || "savepoint" in client)) return null;
  const query = (client as CopyCapableClient).unsafe(`copy ${statement} from stdin`);
  return typeof query.writable === "function" ? query.writable() : null;
}

const dialect = new PgDialect();

const renderedNames = new WeakMap<object, string>();

/** A table's or column's name as SQL text, rendered once per object; undefined for any other value. */
function nameIn(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  let name = renderedNames.get(value);
  if (name === undefined && (is(value, Column) || is(value, Table))) {
    name = dialect.sqlToQuery(sql`${value}`).sql;
    renderedNames.set(value, name);
  }
  return name;
}

/**
 * `sql` for the hot path's raw statements: the schema's tables and columns are written into the
 * statement's text as names rendered once per object, not rendered on every call. Drizzle spends
 * ≈ 150 µs building the child scan's three-join select from schema objects, ≈ 5 µs from the same
 * text written out; the names stay checked by the compiler. A Drizzle alias makes a new column
 * object at every access (`p.id`), so hot statements take an alias's columns once, from
 * `getTableColumns(p)`. Every other value is what it is in `sql`: a parameter, or a fragment
 * rendered in place.
 */
export function hotSql(strings: TemplateStringsArray, ...values: unknown[]): SQL {
  const text = [strings[0] ?? ""];
  const rest: unknown[] = [];
  values.forEach((value, i) => {
    const next = strings[i + 1] ?? "";
    const name = nameIn(value);
    if (name !== undefined) text[text.length - 1] += name + next;
    else {
      rest.push(value);
      text.push(next);
    }
  });
  return sql(text as unknown as TemplateStringsArray, ...rest);
}

/**
 * A timestamptz column as keyset-cursor text, to the microsecond in UTC
 * (`2026-11-30T10:00:00.123456Z`; lib/schemas/keyset.ts reads it back).
 */
export function keysetCursorAt(column: Column): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Bare column names from the schema, for the INSERT column lists and UPDATE … SET of raw SQL
 * (which take no table prefix): a renamed column then fails to compile instead of at run time.
 */
export function columnNames(...columns: Column[]): SQL {
  // Rendered to text here, once: callers keep the result as a constant.
  return sql.raw(dialect.sqlToQuery(sql.join(columns.map((column) => sql.identifier(column.name)), sql`, `)).sql);
}

/**
 * Drizzle hands every query to postgres.js as `unsafe(text, params, { prepare: false })` unless
 * the query was given a name. Unprepared, postgres.js must first ask the server to describe each
 * parameterised statement (a Parse/Describe/Sync round trip) and PostgreSQL plans it anew every
 * time: two round trips and a plan per statement. This wraps the client (and the clients of its
 * transactions and savepoints) so every parameterised query is a named prepared statement, cached
 * per connection by its text: one round trip, planned once. Statements without parameters (DDL,
 * migrations, seeding SQL) stay simple queries.
 */
type PgClient = ReturnType<typeof postgres>;
type Unsafe = PgClient["unsafe"];

function preparingStatements<C extends PgClient>(client: C): C {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return ((query: string, params?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, params as never, params?.length ? { ...options, prepare: true } : options)) as Unsafe;
      }
      if (prop === "begin" || prop === "savepoint") {
        const open = Reflect.get(target, prop, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) =>
          open.apply(
            target,
            args.map((arg) => (typeof arg === "function" ? (tx: PgClient) => (arg as (tx: PgClient) => unknown)(preparingStatements(tx)) : arg)),
          );
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * A LISTEN on a postgres.js connection of its own. postgres.js's own `listen` re-subscribes after
 * a drop but says nothing of it (and gives up if that first retry fails), so a cache that trusts
 * notifications could not tell it had missed one: here `onclose` reports the loss at once and a
 * timer re-opens the connection and LISTENs again until it works. `onnotify` is the connection
 * option postgres.js's own `listen` uses (not in its types).
 */
function listenPostgres(
  url: string,
  socketDir: string | null,
  channel: string,
  onNotify: (payload: string) => void,
  onState: (listening: boolean) => void,
): { started: Promise<void>; stop: () => Promise<void> } {
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const listenerOptions = {
    ...(socketDir?.startsWith("/") ? { host: socketDir } : {}),
    max: 1,
    idle_timeout: 0,
    max_lifetime: 0,
    connect_timeout: 5,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: "tracetrack-listen" },
    onnotify: (name: string, payload: string) => {
      if (name === channel) onNotify(payload);
    },
    onclose: () => {
      onState(false);
      if (!stopped) schedule();
    },
  };
  const client = postgres(url, listenerOptions as postgres.Options<Record<string, postgres.PostgresType>>);
  const subscribe = async () => {
    if (stopped) return;
    try {
      await client.unsafe(`listen "${channel.replace(/"/g, '""')}"`);
      if (!stopped) onState(true);
    } catch {
      // onclose (if a connection was opened) or this schedules the next try.
      onState(false);
      schedule();
    }
  };
  const schedule = () => {
    clearTimeout(retry);
    retry = setTimeout(() => void subscribe(), 1000);
    retry.unref();
  };
  return {
    started: subscribe(),
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await client.end({ timeout: 1 });
    },
  };
}

export function createDb(options: DbOptions): DbHandle {
  if (options.url) {
    // libpq's `?host=/var/run/postgresql` (a Unix socket directory), which postgres.js's URL
    // parser ignores: on one host the socket costs less per round trip than TCP loopback.
    const url = new URL(options.url);
    const socketDir = url.searchParams.get("host");
    url.searchParams.delete("host");
    const client = postgres(url.toString(), {
      ...(socketDir?.startsWith("/") ? { host: socketDir } : {}),
      max: options.poolMax ?? 10,
      idle_timeout: 30,
      connect_timeout: 5,
      onnotice: () => {},
      connection: { application_name: "tracetrack" },
    });
    const db = drizzlePostgres(preparingStatements(client), { schema });
    const listeners: (() => Promise<void>)[] = [];
    return {
      db,
      kind: "postgres",
      url: options.url,
      rows: (query) => selectRows(db, query),
      migrate: () => migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER }),
      async listen(channel, onNotify, onState) {
        const listener = listenPostgres(url.toString(), socketDir, channel, onNotify, onState);
        listeners.push(listener.stop);
        await listener.started;
      },
      close: async () => {
        await Promise.all(listeners.splice(0).map((stop) => stop()));
        await client.end({ timeout: 5 });
      },
    };
  }
  if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
  const client = options.pglite ?? new PGlite(options.pgliteDir, { extensions: pgliteExtensions });
  const db = drizzlePglite(client, { schema });
  const listeners: (() => Promise<void>)[] = [];
  return {
    db,
    kind: "pglite",
    rows: (query) => selectRows(db, query),
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    async listen(channel, onNotify, onState) {
      // In-process: a notification is delivered as the statement that committed it returns.
      listeners.push(await client.listen(channel, onNotify));
      onState(true);
    },
    close: async () => {
      if (!client.closed) await Promise.all(listeners.splice(0).map((stop) => stop()));
      await client.close();
    },
  };
}
