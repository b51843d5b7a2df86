import { describe, expect, it } from "vitest";
import {
  describeBillEvent,
  initialBillStation,
  parentsStillNeeded,
  reduceBillStation,
  routeBillScan,
} from "@/lib/bill-station";
import type { BillCounts, BillSnapshot, ParentOnBill } from "@/lib/dto/bills";

const AT = Date.UTC(2025, 0, 1, 6, 0, 0);
const counts = (linkedCount: number, extra: Partial<BillCounts> = {}): BillCounts => ({
  billNumber: "B-1",
  status: linkedCount ? "processing" : "new",
  linkedCount,
  capacity: 3,
  childCount: 0,
  actualWeightKg: 0,
  expectedWeightKg: 30 * linkedCount,
  varianceKg: -30 * linkedCount,
  ...extra,
});
const onBill = (qr: string): ParentOnBill => ({ qr, type: "SB", childCount: 2, capacity: 30, partial: true });
const EMPTY: BillSnapshot = { counts: counts(0), completedAt: null, parents: [] };

describe("routeBillScan", () => {
  it("takes parent labels", () => {
    expect(routeBillScan(" sb00001\r")).toEqual({ kind: "parent", qr: "SB00001" });
    expect(routeBillScan("m444-00001")).toEqual({ kind: "parent", qr: "M444-00001" });
  });
  it("refuses a child label without a round trip", () => {
    expect(routeBillScan("1000004")).toMatchObject({ kind: "local_error", qr: "1000004", message: /child label/ });
  });
  it("refuses an invalid label", () => {
    expect(routeBillScan("SB1234")).toMatchObject({ kind: "local_error", message: /looks like a parent label/ });
  });
});

describe("reduceBillStation", () => {
  it("adds a parent to the list and the counts", () => {
    const s = reduceBillStation(initialBillStation(EMPTY), {
      kind: "add",
      qr: "SB00001",
      outcome: { ok: true, result: "added", ...counts(1), parent: onBill("SB00001") },
      at: AT,
      by: "biller",
    });
    expect(s.snapshot.parents.map((p) => p.qr)).toEqual(["SB00001"]);
    expect(s.snapshot.counts.linkedCount).toBe(1);
    expect(s.feedback).toMatchObject({ state: "ok", message: expect.stringContaining("2/30 children, partial") });
    expect(s.history).toHaveLength(1);
  });

  it("reports a duplicate without listing the parent twice", () => {
    const once = reduceBillStation(initialBillStation(EMPTY), {
      kind: "add",
      qr: "SB00001",
      outcome: { ok: true, result: "added", ...counts(1), parent: onBill("SB00001") },
      at: AT,
      by: "biller",
    });
    const twice = reduceBillStation(once, {
      kind: "add",
      qr: "SB00001",
      outcome: { ok: true, result: "duplicate", ...counts(1), parent: onBill("SB00001") },
      at: AT,
      by: "admin",
    });
    expect(twice.feedback.state).toBe("duplicate");
    expect(twice.snapshot.parents).toHaveLength(1);
    expect(twice.snapshot.parents[0]?.addedBy).toBe("biller");
  });

  it("signals 'complete' when the last expected parent is added", () => {
    const d = describeBillEvent({
      kind: "add",
      qr: "SB00003",
      outcome: { ok: true, result: "added", ...counts(3), parent: onBill("SB00003") },
      at: AT,
      by: "biller",
    });
    expect(d).toMatchObject({ state: "complete", message: expect.stringContaining("complete the bill") });
  });

  it("shows the server's refusal and keeps the counts", () => {
    const s = reduceBillStation(initialBillStation(EMPTY), {
      kind: "add",
      qr: "M444-00001",
      outcome: { ok: false, code: "on_other_bill", message: "Parent M444-00001 is already on bill DEMO-001." },
      at: AT,
      by: "biller",
    });
    expect(s.feedback).toMatchObject({ state: "error", message: expect.stringContaining("DEMO-001") });
    expect(s.snapshot).toBe(EMPTY);
  });

  it("takes the server's whole snapshot after a remove, complete or reopen", () => {
    const done: BillSnapshot = { ...EMPTY, counts: counts(3, { status: "completed" }), completedAt: new Date(AT) };
    const s = reduceBillStation(initialBillStation(EMPTY), { kind: "complete", outcome: { ok: true, snapshot: done }, at: AT });
    expect(s.snapshot).toBe(done);
    expect(s.feedback.state).toBe("complete");
    const removed = reduceBillStation(s, { kind: "remove", qr: "SB00001", outcome: { ok: true, snapshot: EMPTY }, at: AT });
    expect(removed.feedback).toMatchObject({ state: "undone", message: expect.stringContaining("SB00001 removed") });
  });

  it("replaces the data but keeps the history when the page is rendered again", () => {
    const s = reduceBillStation(initialBillStation(EMPTY), { kind: "local_error", qr: "X", message: "bad", at: AT });
    const synced = reduceBillStation(s, { kind: "sync", snapshot: { ...EMPTY, counts: counts(2) } });
    expect(synced.history).toHaveLength(1);
    expect(synced.snapshot.counts.linkedCount).toBe(2);
  });

  it("counts the parents still needed", () => {
    expect(parentsStillNeeded({ linkedCount: 1, capacity: 3 })).toBe(2);
    expect(parentsStillNeeded({ linkedCount: 3, capacity: 3 })).toBe(0);
  });
});
