import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { DbHandle } from "@/db/client";
import { BILL_STATUSES, type DispatchArea } from "@/lib/domain";
import { createBill, deleteBill } from "@/lib/server/bills/mutations";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { completeBill, reopenBill } from "@/lib/server/bills/state";
import type { Actor } from "@/lib/server/service";
import { AppError } from "@/lib/server/errors";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";
import { readScanActivity, readStats } from "@/lib/server/stats/read";
import type { StatsScope } from "@/lib/server/stats/keys";
import type { StatsStore } from "@/lib/server/stats/store";
import { istDay, istDayBounds } from "@/lib/time";
import { ctxOf } from "../support/context";
import { childLabels } from "../support/scan";

// Shared by stats.test.ts (in-process counters) and stats-redis.test.ts (Redis counters).

export type { Actor };

/** Outcome of one call in a burst; refusals are expected, anything else fails the test. */
export async function settle(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

/** Runs a burst in parallel on PostgreSQL, one by one on PGlite (one connection). */
export async function burst(parallel: boolean, work: (() => Promise<unknown>)[]): Promise<string[]> {
  if (parallel) return Promise.all(work.map((w) => settle(w())));
  const out: string[] = [];
  for (const w of work) out.push(await settle(w()));
  return out;
}

/** The true numbers, counted independently of lib/server/stats. */
export async function trueCounts(handle: DbHandle, area: DispatchArea | null) {
  const bounds = istDayBounds(istDay(new Date()));
  if (!bounds) throw new Error("no day bounds");
  const inArea = area ? sql`dispatch_area = ${area}` : sql`true`;
  const [bags] = await handle.rows<{ parents: number; children: number }>(
    sql`select count(*) filter (where type = 'parent')::int as parents, count(*) filter (where type = 'child')::int as children from bags where ${inArea}`,
  );
  const billRows = await handle.rows<{ status: string; n: number }>(sql`select status, count(*)::int as n from bills group by status`);
  const scanRows = await handle.rows<{ hour: number; n: number }>(sql`
    select extract(hour from created_at at time zone 'Asia/Kolkata')::int as hour, count(*)::int as n from scans
    where created_at >= ${bounds.start.toISOString()} and created_at < ${bounds.end.toISOString()}
      and result in ('created', 'selected', 'linked', 'duplicate') and ${inArea}
    group by 1`);
  const perHour = Array.from({ length: 24 }, (_, h) => scanRows.find((r) => r.hour === h)?.n ?? 0);
  return {
    parentBags: bags?.parents ?? -1,
    childBags: bags?.children ?? -1,
    bills: Object.fromEntries(BILL_STATUSES.map((s) => [s, billRows.find((r) => r.status === s)?.n ?? 0])),
    scansToday: perHour.reduce((a, b) => a + b, 0),
    perHour,
  };
}

export async function trueUserScans(handle: DbHandle, userId: string): Promise<number> {
  const bounds = istDayBounds(istDay(new Date()));
  if (!bounds) throw new Error("no day bounds");
  const [row] = await handle.rows<{ n: number }>(sql`
    select count(*)::int as n from scans where user_id = ${userId} and created_at >= ${bounds.start.toISOString()}
      and result in ('created', 'selected', 'linked', 'duplicate')`);
  return row?.n ?? -1;
}

/** Asserts every counter the app reads equals the truth, for all areas and each area given. */
export async function expectStatsTrue(handle: DbHandle, store: StatsStore, areas: DispatchArea[], users: Actor[]) {
  const scopes: [StatsScope, DispatchArea | null][] = [["all", null], ...areas.map((a): [StatsScope, DispatchArea] => [`area:${a}`, a])];
  for (const [scope, area] of scopes) {
    const truth = await trueCounts(handle, area);
    const stats = await readStats(scope, store);
    expect({ scope, ...stats, generatedAt: undefined }).toEqual({
      scope,
      totalBags: truth.parentBags + truth.childBags,
      parentBags: truth.parentBags,
      childBags: truth.childBags,
      bills: truth.bills,
      scansToday: truth.scansToday,
      generatedAt: undefined,
    });
    const activity = await readScanActivity(scope, users[0]?.id ?? "", store);
    expect({ scope, perHour: activity.scansPerHour }).toEqual({ scope, perHour: truth.perHour });
  }
  for (const user of users) {
    const { myScansToday } = await readScanActivity("all", user.id, store);
    expect({ user: user.username, myScansToday }).toEqual({ user: user.username, myScansToday: await trueUserScans(handle, user.id) });
  }
}

/**
 * Parallel scans (new and existing children, duplicates, conflicts, a full parent), undos, an
 * admin pulling freed children into a parent of another area (the admin's station is set to
 * Hisar), and bill changes through every status.
 */
export async function mixedBurst(handle: DbHandle, parallel: boolean, a: { lucknow: Actor[]; indore: Actor; biller: Actor; admin: Actor }) {
  const as = (who: Actor) => ctxOf(handle.db, who);
  const [l1, l2] = a.lucknow;
  if (!l1 || !l2) throw new Error("two lucknow dispatchers needed");
  const parents: [Actor, string][] = [
    [l1, "SB90001"],
    [l2, "M444-90002"],
    [a.indore, "SB90003"],
    [a.indore, "M444-90004"],
    [a.admin, "SB90005"],
  ];
  const kids = childLabels(9100001, 80);
  const bills = ["ST-1", "ST-2", "ST-3", "ST-4"];

  await burst(parallel, [
    ...parents.map(([who, qr]) => () => scanParent(as(who), who === a.admin ? { qr, area: "hisar" } : { qr })),
    ...parents.slice(0, 2).map(([who, qr]) => () => scanParent(as(who), { qr })),
    ...bills.map((billNumber, i) => () => createBill(as(a.biller), { billNumber, capacity: i === 0 ? 1 : 3 })),
  ]);
  // Three of l1's links on the M444 exist before the burst, and nobody scans those children again:
  // its two undos there always free a child. (The undos on SB90001 race that parent's scans, and
  // l1's own re-scans of kids 20–24 may link an undone child again: they may free none.)
  for (const qr of kids.slice(70, 73)) await scanChild(as(l1), { parentQr: "M444-90002", qr });
  await burst(parallel, [
    // 20 into the M444 (capacity 15, 3 already in): 8 parent_full.
    ...kids.slice(0, 20).map((qr) => () => scanChild(as(l2), { parentQr: "M444-90002", qr })),
    ...kids.slice(20, 40).map((qr, i) => () => scanChild(as(i % 2 ? l1 : l2), { parentQr: "SB90001", qr })),
    ...kids.slice(20, 25).map((qr) => () => scanChild(as(l1), { parentQr: "SB90001", qr })),
    ...kids.slice(40, 60).map((qr, i) => () => scanChild(as(a.indore), { parentQr: i % 2 ? "SB90003" : "M444-90004", qr })),
    // Children already packed in Lucknow, scanned into Indore: linked_elsewhere.
    ...kids.slice(20, 24).map((qr) => () => scanChild(as(a.indore), { parentQr: "SB90003", qr })),
    ...[0, 1, 2].map(() => () => undoLastScan(as(l1), { parentQr: "SB90001" })),
    ...[0, 1].map(() => () => undoLastScan(as(l1), { parentQr: "M444-90002" })),
    () => undoLastScan(as(a.indore), { parentQr: "SB90003" }),
    ...["SB90001", "M444-90002"].map((qr) => () => addParentToBill(as(a.biller), { billNumber: "ST-1", qr })),
    ...["SB90003", "M444-90004", "SB90005"].map((qr) => () => addParentToBill(as(a.biller), { billNumber: "ST-2", qr })),
  ]);
  const freed = await handle.rows<{ qr: string }>(
    sql`select b.qr from bags b where b.type = 'child' and b.dispatch_area = 'lucknow' and not exists (select 1 from links l where l.child_bag_id = b.id) limit 2`,
  );
  await burst(parallel, [
    ...freed.map(({ qr }) => () => scanChild(as(a.admin), { parentQr: "SB90005", qr })),
    ...kids.slice(60, 70).map((qr) => () => scanChild(as(a.admin), { parentQr: "SB90005", qr })),
    () => completeBill(as(a.biller), { billNumber: "ST-1" }),
    () => removeParentFromBill(as(a.biller), { billNumber: "ST-2", qr: "SB90005" }),
    () => deleteBill(as(a.admin), { billNumber: "ST-3" }),
    () => undoLastScan(as(a.admin), { parentQr: "M444-90002" }),
  ]);
  await burst(parallel, [
    () => reopenBill(as(a.biller), { billNumber: "ST-1" }),
    () => removeParentFromBill(as(a.biller), { billNumber: "ST-2", qr: "SB90003" }),
    () => removeParentFromBill(as(a.biller), { billNumber: "ST-2", qr: "M444-90004" }),
    () => addParentToBill(as(a.biller), { billNumber: "ST-4", qr: "SB90005" }),
  ]);
  return { freed: freed.length };
}
