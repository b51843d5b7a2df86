import { describe, expect, it } from "vitest";
import { createSessionCache } from "@/lib/server/auth/session-cache";

type Row = { id: string; role: string };
const row = (id: string, role = "biller"): Row => ({ id, role });

function listeningCache(ttlMs = 10_000, max?: number) {
  const cache = createSessionCache<Row>({ ttlMs, max });
  cache.connected(true);
  return cache;
}

describe("session cache", () => {
  it("keeps a session read after its mark and answers it within the ttl", () => {
    const cache = listeningCache(10_000);
    const mark = cache.mark();
    cache.keep("t1", "u1", row("u1"), mark, 1_000);
    expect(cache.get("t1", 1_000)).toEqual(row("u1"));
    expect(cache.get("t1", 10_999)).toEqual(row("u1"));
    expect(cache.get("t1", 11_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("does not keep a read that an invalidation overtook", () => {
    const cache = listeningCache();
    const mark = cache.mark();
    // The row was read, then (before the answer was kept) a change to some user was heard.
    cache.heard("u9");
    cache.keep("t1", "u1", row("u1"), mark);
    expect(cache.get("t1")).toBeUndefined();
    // A read begun after it is kept.
    cache.keep("t1", "u1", row("u1"), cache.mark());
    expect(cache.get("t1")).toEqual(row("u1"));
  });

  it("forgets every session of the user named, and only those; '*' forgets all", () => {
    const cache = listeningCache();
    cache.keep("a1", "ua", row("ua"), cache.mark());
    cache.keep("a2", "ua", row("ua"), cache.mark());
    cache.keep("b1", "ub", row("ub"), cache.mark());
    cache.heard("ua");
    expect(cache.get("a1")).toBeUndefined();
    expect(cache.get("a2")).toBeUndefined();
    expect(cache.get("b1")).toEqual(row("ub"));
    cache.heard("*");
    expect(cache.get("b1")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("keeps and serves nothing while not listening, and starts empty when listening again", () => {
    const cache = createSessionCache<Row>({ ttlMs: 10_000 });
    // Not listening yet: nothing is kept.
    cache.keep("t1", "u1", row("u1"), cache.mark());
    expect(cache.get("t1")).toBeUndefined();
    expect(cache.active).toBe(false);
    cache.connected(true);
    expect(cache.active).toBe(true);
    const mark = cache.mark();
    cache.keep("t1", "u1", row("u1"), mark);
    expect(cache.get("t1")).toEqual(row("u1"));
    // The connection drops: a notification may be lost, so the cache empties and stops answering.
    cache.connected(false);
    expect(cache.get("t1")).toBeUndefined();
    expect(cache.size).toBe(0);
    // A read begun before the drop comes back after it: not kept.
    cache.keep("t2", "u2", row("u2"), mark);
    cache.connected(true);
    expect(cache.get("t2")).toBeUndefined();
    // A read begun while down and answered after listening again: not kept either.
    const downMark = cache.mark();
    cache.connected(false);
    cache.connected(true);
    cache.keep("t3", "u3", row("u3"), downMark);
    expect(cache.get("t3")).toBeUndefined();
  });

  it("is off with a ttl of 0", () => {
    const cache = listeningCache(0);
    cache.keep("t1", "u1", row("u1"), cache.mark());
    expect(cache.active).toBe(false);
    expect(cache.get("t1")).toBeUndefined();
  });

  it("holds at most `max` sessions, forgetting the oldest first", () => {
    const cache = listeningCache(10_000, 2);
    cache.keep("t1", "u1", row("u1"), cache.mark());
    cache.keep("t2", "u2", row("u2"), cache.mark());
    cache.keep("t3", "u3", row("u3"), cache.mark());
    expect(cache.size).toBe(2);
    expect(cache.get("t1")).toBeUndefined();
    expect(cache.get("t3")).toEqual(row("u3"));
    // The evicted entry left no trace under its user: a change to u1 touches nothing else.
    cache.heard("u1");
    expect(cache.get("t2")).toEqual(row("u2"));
  });

  it("replaces a kept row in place (a slid expiry) but never adds one", () => {
    const cache = listeningCache();
    cache.update("t1", row("u1", "admin"));
    expect(cache.get("t1")).toBeUndefined();
    cache.keep("t1", "u1", row("u1"), cache.mark());
    cache.update("t1", row("u1", "admin"));
    expect(cache.get("t1")).toEqual(row("u1", "admin"));
    cache.forget("t1");
    expect(cache.get("t1")).toBeUndefined();
  });
});
