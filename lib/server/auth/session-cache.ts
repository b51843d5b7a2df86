import "server-only";
import type { DbHandle } from "@/db/client";
import { getEnv } from "../env";

/**
 * Sessions this instance has just read, so a request need not read its session row again (the
 * largest item a JSON route costs over a bare one: BENCHMARKS.md). What keeps it honest:
 *
 * - Every change that may end or alter a session — its row updated or deleted, its user's row
 *   updated or deleted, either table truncated — NOTIFYs "tracetrack_auth" with the user's id at
 *   its commit, whichever code, script or instance made it (migration 0015's triggers). Hearing
 *   it, this instance forgets that user's sessions.
 * - Nothing is served or kept while the LISTEN is down: the loss empties the cache at once, and it
 *   fills again only after the connection listens again (a notification may have been missed).
 * - A read that an invalidation overtook is not kept: `mark()` is taken before the read and `keep`
 *   refuses a row read before any invalidation heard since.
 * - An entry lives at most SESSION_CACHE_SECONDS (default 10; 0 turns the cache off), the bound if
 *   the listening connection ever died without this process noticing.
 * - Only sessions found are kept; an unknown token is read from the database every time.
 *
 * The cached value is the row the lookup read; the caller still checks the idle and absolute
 * limits against the clock on every request.
 */
export interface SessionCache<Row> {
  /** The row read for `token` within the last ttl, if this instance is listening. */
  get(token: string, now?: number): Row | undefined;
  /** Taken before reading a session, for `keep`. */
  mark(): number;
  /** Keeps `row` (read after `mark`) unless an invalidation was heard since, or none can be. */
  keep(token: string, userId: string, row: Row, mark: number, now?: number): void;
  /** Replaces a kept row (this instance slid its expiry); absent stays absent. */
  update(token: string, row: Row): void;
  forget(token: string): void;
  /** Whether rows are kept now (listening and a ttl above 0). */
  readonly active: boolean;
  /** Whether its LISTEN is up (the health page shows it). */
  readonly listening: boolean;
  readonly size: number;
}

interface Entry<Row> {
  row: Row;
  userId: string;
  until: number;
}

export interface SessionCacheOptions {
  ttlMs: number;
  /** Entries kept at most (oldest forgotten first). */
  max?: number;
}

/** The cache and the three inputs the listener feeds it (exported for the tests). */
export function createSessionCache<Row>(options: SessionCacheOptions): SessionCache<Row> & {
  /** A notification's payload: a user id, or "*" for all. */
  heard(payload: string): void;
  /** The LISTEN's state: up (again), or lost. */
  connected(up: boolean): void;
} {
  const entries = new Map<string, Entry<Row>>();
  const tokensOf = new Map<string, Set<string>>();
  const max = options.max ?? 20_000;
  let listening = false;
  let invalidations = 0;

  const forgetAll = () => {
    invalidations += 1;
    entries.clear();
    tokensOf.clear();
  };
  const drop = (token: string) => {
    const entry = entries.get(token);
    if (!entry) return;
    entries.delete(token);
    const tokens = tokensOf.get(entry.userId);
    tokens?.delete(token);
    if (tokens?.size === 0) tokensOf.delete(entry.userId);
  };

  return {
    get active() {
      return listening && options.ttlMs > 0;
    },
    get listening() {
      return listening;
    },
    get size() {
      return entries.size;
    },
    get(token, now = Date.now()) {
      if (!listening) return undefined;
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (entry.until <= now) {
        drop(token);
        return undefined;
      }
      return entry.row;
    },
    mark: () => invalidations,
    keep(token, userId, row, mark, now = Date.now()) {
      if (!listening || options.ttlMs <= 0 || mark !== invalidations) return;
      drop(token);
      if (entries.size >= max) {
        const oldest = entries.keys().next();
        if (!oldest.done) drop(oldest.value);
      }
      entries.set(token, { row, userId, until: now + options.ttlMs });
      const tokens = tokensOf.get(userId) ?? new Set<string>();
      tokensOf.set(userId, tokens.add(token));
    },
    update(token, row) {
      const entry = entries.get(token);
      if (entry) entry.row = row;
    },
    forget: drop,
    heard(payload) {
      if (payload === "*") return forgetAll();
      invalidations += 1;
      for (const token of tokensOf.get(payload) ?? []) drop(token);
    },
    connected(up) {
      // Down: anything kept may have missed its notification. Up again: start from empty.
      forgetAll();
      listening = up;
    },
  };
}

export const AUTH_CHANNEL = "tracetrack_auth";

const caches = new WeakMap<DbHandle, SessionCache<never>>();

/**
 * The session cache of a database handle (one per process and database), listening from its first
 * use on; until the LISTEN answers, it keeps nothing. Off (inactive) with SESSION_CACHE_SECONDS=0.
 */
export function sessionCacheFor<Row>(handle: DbHandle): SessionCache<Row> {
  let cache = caches.get(handle) as SessionCache<Row> | undefined;
  if (!cache) {
    const created = createSessionCache<Row>({ ttlMs: getEnv().SESSION_CACHE_SECONDS * 1000 });
    cache = created;
    caches.set(handle, created as SessionCache<never>);
    if (getEnv().SESSION_CACHE_SECONDS > 0) {
      handle.listen(AUTH_CHANNEL, created.heard, created.connected).catch(() => created.connected(false));
    }
  }
  return cache;
}
