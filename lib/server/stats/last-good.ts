import "server-only";

/** An answer, `stale` when it is what this instance last knew because Redis did not answer in time. */
export interface Served<V> {
  value: V;
  stale: boolean;
}

export interface LastGoodOptions {
  /** A read younger than this is served again without asking Redis. */
  ttlMs: number;
  /** How long a request waits for Redis before it gets the last good value instead. */
  patienceMs: number;
  /** Ids remembered at most (the oldest are forgotten first). */
  maxEntries?: number;
  onLookup?: (hit: boolean) => void;
  onStale?: (reason: unknown) => void;
}

export interface LastGood<V> {
  /** The value of `id` within `patienceMs`: fresh, or the last good one marked stale; rejects when there is none. */
  read(id: string, load: () => Promise<V>, now?: number): Promise<Served<V>>;
}

interface Entry<V> {
  at: number;
  promise: Promise<V>;
  done?: { value: V };
  /** Outlived a request's patience: later requests don't wait for it again. */
  slow: boolean;
}

/** Thrown when Redis has not answered in time and there is nothing earlier to serve. */
export class NotAnsweredError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = "NotAnsweredError";
  }
}

function patient<V>(promise: Promise<V>, ms: number, onTimeout: () => void): Promise<V> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new NotAnsweredError(ms));
    }, ms);
    timer.unref();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A short cache in front of Redis reads that never makes a request wait longer than
 * `patienceMs`: concurrent misses share one read, and a read that is slow or fails answers the
 * last value this instance saw, marked stale. The read itself runs on (the store bounds it).
 */
export function createLastGood<V>(options: LastGoodOptions): LastGood<V> {
  const max = options.maxEntries ?? 1000;
  const entries = new Map<string, Entry<V>>();
  const lastGood = new Map<string, V>();

  function keep<T>(map: Map<string, T>, id: string, value: T): void {
    map.delete(id);
    map.set(id, value);
    for (const oldest of map.keys()) {
      if (map.size <= max) break;
      map.delete(oldest);
    }
  }

  return {
    async read(id, load, now = Date.now()) {
      let entry = entries.get(id);
      const hit = entry !== undefined && now - entry.at < options.ttlMs;
      options.onLookup?.(hit);
      if (!entry || !hit) {
        const fresh: Entry<V> = { at: now, promise: load(), slow: false };
        keep(entries, id, fresh);
        fresh.promise.then(
          (value) => {
            fresh.done = { value };
            keep(lastGood, id, value);
          },
          // A failed read is not cached: the next request tries again (the store may skip Redis).
          () => {
            if (entries.get(id) === fresh) entries.delete(id);
          },
        );
        entry = fresh;
      }
      if (entry.done) return { value: entry.done.value, stale: false };
      const last = lastGood.get(id);
      const pending = entry;
      try {
        if (pending.slow) throw new NotAnsweredError(options.patienceMs);
        return { value: await patient(pending.promise, options.patienceMs, () => (pending.slow = true)), stale: false };
      } catch (err) {
        if (last === undefined) throw err;
        options.onStale?.(err);
        return { value: last, stale: true };
      }
    },
  };
}
