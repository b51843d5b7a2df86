import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { selectRows, type Db, type Tx } from "@/db/client";

/** A one-slot hand-over between the reading transaction and the consumer, either side waiting. */
class Mailbox<T> {
  private items: T[] = [];
  private waiter: { resolve: (value: T) => void; reject: (err: unknown) => void } | null = null;
  private failure: { err: unknown } | null = null;

  put(item: T): void {
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve(item);
    } else this.items.push(item);
  }

  fail(err: unknown): void {
    this.failure = { err };
    if (this.waiter) {
      const { reject } = this.waiter;
      this.waiter = null;
      reject(err);
    }
  }

  /** The next item; with `timeoutMs`, a rejection when none comes in time. */
  take(timeoutMs?: number): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.failure) return Promise.reject(this.failure.err);
    return new Promise((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        this.waiter = null;
        reject(new Error(`no request for the next rows in ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => clearTimeout(timer);
      this.waiter = {
        resolve: (value) => (done(), resolve(value)),
        reject: (err) => (done(), reject(err)),
      };
    });
  }
}

/** How long a paused download may hold its transaction open (on PGlite, the one connection). */
export const CURSOR_STALL_MS = 300_000;

/** Opens the one transaction a cursor reads in (portalRead for the portal, readOnly for exports). */
export type ReadTransaction = <T>(db: Db, read: (tx: Tx) => Promise<T>) => Promise<T>;

/** A plain READ ONLY transaction: a bug in an export's query can read but never write. */
export const readOnly: ReadTransaction = (db, read) => db.transaction(read, { accessMode: "read only" });

/**
 * The rows of `query` in batches of `size`, read through a server-side cursor (DECLARE … FETCH) in
 * ONE transaction opened by `open`: one snapshot and one sort for the whole set, and the next batch
 * is fetched only when the consumer asks for it — or, with `ahead`, while the consumer works on the
 * one before (PostgreSQL and this process work at the same time; at most two batches are held) —
 * so memory stays flat however many rows there are.
 * The transaction stays open while a client downloads (on PGlite, whose one connection other
 * requests then wait for); a consumer that asks for nothing for `stallMs` has it rolled back.
 */
export async function* cursorBatches<T extends Record<string, unknown>>(
  db: Db,
  query: SQL,
  size = 1000,
  stallMs = CURSOR_STALL_MS,
  open: ReadTransaction = readOnly,
  ahead = false,
): AsyncGenerator<T[], void, unknown> {
  const demand = new Mailbox<boolean>();
  const supply = new Mailbox<T[]>();
  const fetch = sql.raw(`fetch forward ${Math.trunc(size)} from export_rows`);
  const run = open(db, async (tx) => {
    await tx.execute(sql`declare export_rows no scroll cursor for ${query}`);
    while (await demand.take(stallMs)) {
      const rows = await selectRows<T>(tx, fetch);
      supply.put(rows);
      if (rows.length < size) break;
    }
    await tx.execute(sql`close export_rows`);
  });
  run.catch((err: unknown) => supply.fail(err));
  try {
    demand.put(true);
    for (;;) {
      const rows = await supply.take();
      // Ahead: the next batch is fetched while this one is written out; else when it is asked for.
      if (ahead && rows.length === size) demand.put(true);
      if (rows.length > 0) yield rows;
      if (rows.length < size) break;
      if (!ahead) demand.put(true);
    }
  } finally {
    // An early stop (the client went away) lets the transaction end; its failure was already thrown.
    demand.put(false);
    await run.catch(() => undefined);
  }
}
