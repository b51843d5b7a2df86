import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bags, links } from "@/db/schema";
import type { Actor } from "@/lib/server/service";
import { createBill } from "@/lib/server/bills/mutations";
import { addParentToBill, removeParentFromBill } from "@/lib/server/bills/parents";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";
import { truncateAll, usingPostgres, setupTestDb } from "../support/db";
import { ctxOf, settle } from "../support/context";
import { makeUser } from "../support/factories";
import { childLabels, driftedParents, truncateScanData, driftedFollows } from "../support/scan";

const db = setupTestDb();


function tally(outcomes: ({ ok: unknown } | { code: string })[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = "code" in o ? o.code : "ok";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

// PGlite has a single connection, so real parallelism needs PostgreSQL.
describe.skipIf(!usingPostgres)("scan races (PostgreSQL)", () => {
  let stations: Actor[];
  let admin: Actor;

  beforeAll(async () => {
    await truncateAll(db());
    stations = [];
    for (let i = 0; i < 4; i += 1) stations.push(await makeUser(db().db, "dispatcher", "jaipur"));
    admin = await makeUser(db().db, "admin");
  });
  beforeEach(async () => truncateScanData(db()));

  const station = (i: number): Actor => stations[i % stations.length] ?? admin;

  it("never overfills a parent: 60 parallel scans into an SB parent link exactly 30", async () => {
    await scanParent(ctxOf(db().db, station(0)), { qr: "SB10001" });
    const outcomes = await Promise.all(
      childLabels(6000001, 60).map((qr, i) => settle(scanChild(ctxOf(db().db, station(i)), { parentQr: "SB10001", qr }))),
    );
    expect(tally(outcomes)).toEqual({ ok: 30, parent_full: 30 });
    const [parent] = await db().db.select({ id: bags.id, childCount: bags.childCount, status: bags.status }).from(bags).where(eq(bags.qr, "SB10001"));
    expect(parent).toMatchObject({ childCount: 30, status: "completed" });
    const linkRows = await db().db.select({ id: links.id }).from(links).where(eq(links.parentBagId, parent?.id ?? -1));
    expect(linkRows).toHaveLength(30);
    const [orphans] = await db().rows<{ n: number }>(
      sql`select count(*)::int as n from bags c where c.type = 'child' and not exists (select 1 from links l where l.child_bag_id = c.id)`,
    );
    expect(orphans?.n).toBe(0);
  });

  it("links a child scanned into two parents at once exactly once (20 rounds, new and free children)", async () => {
    await scanParent(ctxOf(db().db, station(0)), { qr: "SB10002" });
    await scanParent(ctxOf(db().db, station(1)), { qr: "SB10003" });
    const labels = childLabels(7000001, 20);
    // Half already exist unlinked, so the race is decided by links_child_unique, not bag creation.
    await db().db.insert(bags).values(labels.filter((_, i) => i % 2 === 0).map((qr) => ({ qr, type: "child" as const, dispatchArea: "jaipur" as const })));
    for (const qr of labels) {
      const outcomes = await Promise.all([
        settle(scanChild(ctxOf(db().db, station(0)), { parentQr: "SB10002", qr })),
        settle(scanChild(ctxOf(db().db, station(1)), { parentQr: "SB10003", qr })),
      ]);
      expect(tally(outcomes)).toEqual({ ok: 1, linked_elsewhere: 1 });
    }
    const [row] = await db().rows<{ n: number }>(sql`select count(*)::int as n from links`);
    expect(row?.n).toBe(20);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("creates one parent when two stations scan the same new parent at once", async () => {
    for (let round = 0; round < 20; round += 1) {
      const qr = `SB2${String(round).padStart(4, "0")}`;
      const outcomes = await Promise.all([0, 1, 2].map((i) => settle(scanParent(ctxOf(db().db, station(i)), { qr }))));
      const created = outcomes.filter((o) => "ok" in o && o.ok.parent.created);
      expect(tally(outcomes)).toEqual({ ok: 3 });
      expect(created).toHaveLength(1);
    }
    const [row] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bags`);
    expect(row?.n).toBe(20);
  });

  it("moves an area-less parent into one area only when stations of two areas scan it at once", async () => {
    const hisar = await makeUser(db().db, "dispatcher", "hisar");
    for (let round = 0; round < 10; round += 1) {
      const qr = `SB3${String(round).padStart(4, "0")}`;
      await db().db.insert(bags).values({ qr, type: "parent", capacity: 30 });
      const [a, b] = await Promise.all([station(0), hisar].map((who) => settle(scanParent(ctxOf(db().db, who), { qr }))));
      const [row] = await db().db.select({ area: bags.dispatchArea }).from(bags).where(eq(bags.qr, qr));
      // Whoever moved it scanned it; the other station is told it belongs to another area.
      const winner = row?.area === "jaipur" ? a : b;
      const loser = row?.area === "jaipur" ? b : a;
      expect(winner && "ok" in winner).toBe(true);
      expect(loser).toMatchObject({ code: "wrong_area" });
    }
    const [audits] = await db().rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'parent_area_set'`);
    expect(audits?.n).toBe(10);
  });

  it("answers linked and duplicate when two stations scan the same new child into one parent", async () => {
    await scanParent(ctxOf(db().db, station(0)), { qr: "SB10004" });
    for (const qr of childLabels(8000001, 20)) {
      const outcomes = await Promise.all([0, 1].map((i) => settle(scanChild(ctxOf(db().db, station(i)), { parentQr: "SB10004", qr }))));
      const results = outcomes.map((o) => ("ok" in o ? o.ok.result : o.code)).sort();
      expect(results).toEqual(["duplicate", "linked"]);
    }
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("keeps child_count equal to the link rows under interleaved scans and undos", async () => {
    const parents = ["SB10005", "SB10006", "M444-10007"];
    for (const qr of parents) await scanParent(ctxOf(db().db, station(0)), { qr });
    const labels = childLabels(9000001, 90);
    const work: Promise<unknown>[] = [];
    labels.forEach((qr, i) => {
      const parentQr = parents[i % parents.length] ?? "SB10005";
      work.push(settle(scanChild(ctxOf(db().db, station(i)), { parentQr, qr })));
      if (i % 3 === 0) work.push(settle(undoLastScan(ctxOf(db().db, station(i)), { parentQr })));
      if (i % 7 === 0) work.push(settle(undoLastScan(ctxOf(db().db, admin), { parentQr })));
      // The same child raced into a second parent.
      if (i % 5 === 0) work.push(settle(scanChild(ctxOf(db().db, station(i + 1)), { parentQr: parents[(i + 1) % parents.length] ?? "SB10006", qr })));
    });
    const outcomes = (await Promise.all(work)) as ({ ok: unknown } | { code: string })[];
    expect(tally(outcomes).crash).toBeUndefined();
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
    const [dupes] = await db().rows<{ n: number }>(sql`select count(*)::int as n from (select child_bag_id from links group by 1 having count(*) > 1) d`);
    expect(dupes?.n).toBe(0);
  });

  // The usual scan is one statement (quickLink); these rounds race it against itself, against the
  // full path (keyed scans, labels that exist), and against the parent going on and off a bill.
  it("one-statement scans racing keyed scans, shared labels and a bill: only domain answers, each link counted and audited once", async () => {
    const biller = await makeUser(db().db, "biller");
    for (let round = 0; round < 6; round += 1) {
      await truncateScanData(db());
      await createBill(ctxOf(db().db, biller), { billNumber: "RACE-Q1", capacity: 10 });
      const parents = [`SB3${round}001`, `SB3${round}002`];
      for (const qr of parents) await scanParent(ctxOf(db().db, station(0)), { qr });
      const labels = childLabels(5100001 + round * 100, 24);
      const work: Promise<{ ok: unknown } | { code: string }>[] = [];
      labels.forEach((qr, i) => {
        const key = i % 3 === 0 ? { idempotencyKey: `race-q-${round}-${i}` } : {};
        work.push(settle(scanChild(ctxOf(db().db, station(i)), { parentQr: parents[i % 2] ?? "", qr, ...key })));
        // Every fourth label goes to the other parent too, at once.
        if (i % 4 === 0) work.push(settle(scanChild(ctxOf(db().db, station(i + 1)), { parentQr: parents[(i + 1) % 2] ?? "", qr })));
      });
      work.push(settle(addParentToBill(ctxOf(db().db, biller), { billNumber: "RACE-Q1", qr: parents[0] ?? "" })));
      if (round % 2 === 1) work.push(settle(removeParentFromBill(ctxOf(db().db, biller), { billNumber: "RACE-Q1", qr: parents[0] ?? "" })));
      const counts = tally(await Promise.all(work));
      expect(Object.keys(counts).filter((code) => !["ok", "linked_elsewhere", "not_on_bill", "scan_conflict"].includes(code))).toEqual([]);
      expect(await driftedParents(db())).toEqual([]);
      expect(await driftedFollows(db())).toEqual([]);
      // One linked scan row and one child_linked audit row per link; the audit's counts run 1..n per parent.
      const [tallies] = await db().rows<{ links: number; linked: number; audits: number; bad_audits: number }>(sql`
        select (select count(*)::int from links) as links,
               (select count(*)::int from scans where action = 'child' and result = 'linked' and undone_at is null) as linked,
               (select count(*)::int from audit_log where action = 'child_linked') as audits,
               (select count(*)::int from (
                  select entity_id, array_agg((after->>'childCount')::int order by (after->>'childCount')::int) as seen, count(*) as n
                    from audit_log where action = 'child_linked' group by entity_id) a
                 where a.seen <> array(select generate_series(1, a.n::int))) as bad_audits`);
      expect(tallies).toEqual({ links: tallies?.links, linked: tallies?.links, audits: tallies?.links, bad_audits: 0 });
      const befores = await db().rows<{ n: number }>(sql`
        select count(*)::int as n from audit_log
         where action = 'child_linked' and ((before->>'childCount')::int + 1 <> (after->>'childCount')::int
            or before->>'status' <> case when (before->>'childCount')::int = 0 then 'pending' else 'in_progress' end)`);
      expect(befores[0]?.n).toBe(0);
    }
  });
});
