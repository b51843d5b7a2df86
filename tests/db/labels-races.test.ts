import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { labelReservations, labelSequences } from "@/db/schema";
import type { LabelKind } from "@/lib/labels";
import { reserveLabels } from "@/lib/server/labels/reserve";
import { ctxOf, settle } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";

// Two offices reserving labels of one series at the same moment must get disjoint ranges (issue
// 18). Real parallel transactions: PostgreSQL with a pool only (PGlite has one connection).

const db = setupTestDb();
type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;
let admin: User;

async function rangesOf(kind: LabelKind) {
  return db()
    .db.select({ first: labelReservations.firstNumber, count: labelReservations.count })
    .from(labelReservations)
    .where(eq(labelReservations.kind, kind))
    .orderBy(asc(labelReservations.firstNumber));
}

async function sequenceOf(kind: LabelKind) {
  const [row] = await db().db.select({ next: labelSequences.nextNumber }).from(labelSequences).where(eq(labelSequences.kind, kind));
  return row?.next;
}

/** The ranges, sorted, cover 1 … total exactly once: no number twice, none skipped. */
function expectTiling(ranges: readonly { first: number; count: number }[], total: number) {
  let next = 1;
  for (const r of ranges) {
    expect(r.first).toBe(next);
    next += r.count;
  }
  expect(next - 1).toBe(total);
  const numbers = ranges.flatMap((r) => Array.from({ length: r.count }, (_, i) => r.first + i));
  expect(new Set(numbers).size).toBe(total);
}

describe.skipIf(!usingPostgres)("label reservation races on PostgreSQL", () => {
  beforeAll(async () => {
    await truncateAll(db());
    biller = await makeUser(db().db, "biller");
    admin = await makeUser(db().db, "admin");
    // Warm the pool: the first round's connections are not what is measured.
    await Promise.all(Array.from({ length: 12 }, () => db().rows(sql`select 1`)));
  });
  beforeEach(async () => {
    await db().rows(sql`truncate table audit_log, label_reservations, label_sequences restart identity cascade`);
  });

  it("two parallel reservations of one series get disjoint ranges, and the sequence ends at the sum", async () => {
    // The series' row exists (the usual case): only its row lock keeps the two apart.
    await db().db.insert(labelSequences).values({ kind: "SB", nextNumber: 1 });
    for (let round = 1; round <= 10; round += 1) {
      const results = await Promise.all([
        settle(reserveLabels(ctxOf(db().db, biller), { kind: "SB", count: 24 })),
        settle(reserveLabels(ctxOf(db().db, admin), { kind: "SB", count: 7 })),
      ]);
      expect(results.map((r) => ("ok" in r ? "ok" : r.code))).toEqual(["ok", "ok"]);
      expectTiling(await rangesOf("SB"), 31 * round);
      expect(await sequenceOf("SB")).toBe(31 * round + 1);
    }
  });

  it("six parallel reservations (first ever of the series, so the sequence row is created mid-race) never share a number", async () => {
    const counts = [5, 24, 1, 100, 13, 1000];
    const results = await Promise.all(counts.map((count, i) => settle(reserveLabels(ctxOf(db().db, i % 2 ? admin : biller), { kind: "child", count }))));
    expect(results.map((r) => ("ok" in r ? "ok" : r.code))).toEqual(counts.map(() => "ok"));
    const total = counts.reduce((a, b) => a + b, 0);
    expectTiling(await rangesOf("child"), total);
    expect(await sequenceOf("child")).toBe(total + 1);
    // Each caller was told exactly the range the database holds for it.
    const told = results.flatMap((r) => ("ok" in r ? [{ first: r.ok.reservation.firstNumber, count: r.ok.reservation.count }] : []));
    expect(told.sort((a, b) => a.first - b.first)).toEqual(await rangesOf("child"));
    const [audited] = await db().rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'labels_reserved'`);
    expect(audited?.n).toBe(6);
  });

  it("parallel reservations of different series do not wait on or disturb each other", async () => {
    const kinds: LabelKind[] = ["SB", "M444", "child", "SB", "M444", "child"];
    const results = await Promise.all(kinds.map((kind) => settle(reserveLabels(ctxOf(db().db, biller), { kind, count: 10 }))));
    expect(results.every((r) => "ok" in r)).toBe(true);
    for (const kind of ["SB", "M444", "child"] as const) {
      expectTiling(await rangesOf(kind), 20);
      expect(await sequenceOf(kind)).toBe(21);
    }
  });

  it("near the end of a series, parallel requests are granted only while numbers last; the rest get labels_exhausted", async () => {
    await db().db.insert(labelSequences).values({ kind: "M444", nextNumber: 99_990 });
    const results = await Promise.all(Array.from({ length: 6 }, () => settle(reserveLabels(ctxOf(db().db, biller), { kind: "M444", count: 3 }))));
    const granted = results.filter((r) => "ok" in r);
    // 10 numbers left (99990–99999): three requests of 3 fit, the fourth would pass the end.
    expect(granted).toHaveLength(3);
    expect(results.filter((r) => "code" in r && r.code === "labels_exhausted")).toHaveLength(3);
    const ranges = await rangesOf("M444");
    expect(ranges).toEqual([
      { first: 99_990, count: 3 },
      { first: 99_993, count: 3 },
      { first: 99_996, count: 3 },
    ]);
    expect(await sequenceOf("M444")).toBe(99_999);
  });
});
