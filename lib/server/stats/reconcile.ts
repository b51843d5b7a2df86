import "server-only";
import { and, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bags, bills, scans } from "@/db/schema";
import { BILL_STATUSES } from "@/lib/domain";
import { istDay, istDayBounds } from "@/lib/time";
import type { CounterOp } from "./change";
import {
  ALL_SCOPES,
  bagKey,
  billKey,
  COUNTED_SCAN_RESULTS,
  DAY_TTL_S,
  hourlyKey,
  scansKey,
  scopesFor,
  userScansKey,
} from "./keys";
import { getStatsStore, type StatsStore } from "./store";

export interface ReconcileReport {
  at: string;
  durationMs: number;
  /** Counters that were wrong, and by how much in total (sum of |correction|). */
  corrected: number;
  drift: number;
}

type Truth = { plain: Map<string, number>; hashes: Map<string, Map<string, number>> };

const bump = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);

/** The true counts, from one snapshot (background only: these are the COUNTs a request must never run). */
async function countTruth(db: Db, now: Date): Promise<Truth> {
  const day = istDay(now);
  const bounds = istDayBounds(day);
  if (!bounds) throw new Error(`no IST bounds for ${day}`);
  const plain = new Map<string, number>();
  const hashes = new Map<string, Map<string, number>>();
  const hash = (key: string) => hashes.get(key) ?? hashes.set(key, new Map()).get(key) ?? new Map<string, number>();
  for (const scope of ALL_SCOPES) {
    plain.set(bagKey(scope, "parent"), 0).set(bagKey(scope, "child"), 0).set(scansKey(scope, day), 0);
    hash(hourlyKey(scope, day));
  }
  for (const status of BILL_STATUSES) plain.set(billKey(status), 0);
  hash(userScansKey(day));

  const n = sql<number>`count(*)::int`;
  await db.transaction(
    async (tx) => {
      // A background job must not take every core: PostgreSQL would run these counts as parallel
      // seq scans (2 workers + the leader on this 2-core box), stalling every scan request for
      // the length of the count. One core, for longer, leaves the other to the app.
      await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
      const bagRows = await tx.select({ area: bags.dispatchArea, type: bags.type, n }).from(bags).groupBy(bags.dispatchArea, bags.type);
      for (const r of bagRows) for (const scope of scopesFor(r.area)) bump(plain, bagKey(scope, r.type), r.n);
      const billRows = await tx.select({ status: bills.status, n }).from(bills).groupBy(bills.status);
      for (const r of billRows) bump(plain, billKey(r.status), r.n);
      const hour = sql<number>`extract(hour from ${scans.createdAt} at time zone 'Asia/Kolkata')::int`;
      const scanRows = await tx
        .select({ area: scans.dispatchArea, userId: scans.userId, hour, n })
        .from(scans)
        .where(and(gte(scans.createdAt, bounds.start), lt(scans.createdAt, bounds.end), inArray(scans.result, [...COUNTED_SCAN_RESULTS])))
        .groupBy(scans.dispatchArea, scans.userId, hour);
      for (const r of scanRows) {
        for (const scope of scopesFor(r.area)) {
          bump(plain, scansKey(scope, day), r.n);
          bump(hash(hourlyKey(scope, day)), String(r.hour), r.n);
        }
        if (r.userId) bump(hash(userScansKey(day)), r.userId, r.n);
      }
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  return { plain, hashes };
}

/**
 * Recomputes every counter from PostgreSQL and corrects the store. The store is read just
 * before the snapshot and corrected by difference (INCRBY truth − read), so bumps that land
 * while the counts run are kept instead of overwritten; at rest the result equals the truth.
 */
export async function reconcileStats(db: Db, store: StatsStore = getStatsStore(), now = new Date()): Promise<ReconcileReport> {
  const started = performance.now();
  const day = istDay(now);
  const plainKeys = [
    ...ALL_SCOPES.flatMap((s) => [bagKey(s, "parent"), bagKey(s, "child"), scansKey(s, day)]),
    ...BILL_STATUSES.map(billKey),
  ];
  const hashKeys = [...ALL_SCOPES.map((s) => hourlyKey(s, day)), userScansKey(day)];
  const seen = await store.get(plainKeys);
  const seenHashes = await Promise.all(hashKeys.map((k) => store.getHash(k)));
  const truth = await countTruth(db, now);

  const ops: CounterOp[] = [];
  const ttlOf = (key: string) => (key.includes(`:${day}`) ? DAY_TTL_S : undefined);
  plainKeys.forEach((key, i) => {
    const by = (truth.plain.get(key) ?? 0) - (seen[i] ?? 0);
    if (by !== 0) ops.push({ key, by, ttlS: ttlOf(key) });
  });
  hashKeys.forEach((key, i) => {
    const want = truth.hashes.get(key) ?? new Map<string, number>();
    const have = seenHashes[i] ?? {};
    for (const field of new Set([...want.keys(), ...Object.keys(have)])) {
      const by = (want.get(field) ?? 0) - (have[field] ?? 0);
      if (by !== 0) ops.push({ key, field, by, ttlS: DAY_TTL_S });
    }
  });
  await store.apply(ops);
  return {
    at: now.toISOString(),
    durationMs: Math.round(performance.now() - started),
    corrected: ops.length,
    drift: ops.reduce((sum, op) => sum + Math.abs(op.by), 0),
  };
}
