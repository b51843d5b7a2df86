import { describe, expect, it } from "vitest";
import { INITIAL_STATION_STATE, reduceStation, routeScan, type StationState } from "@/lib/scan-station";
import { createRepeatFilter, HISTORY_LENGTH } from "@/lib/station";

const AT = Date.UTC(2025, 0, 1, 6, 0, 0);
const SB2 = { qr: "SB00002", type: "SB" as const, status: "pending" as const, childCount: 0, capacity: 30, finished: null, created: false };

function withParent(childCount: number): StationState {
  return reduceStation(INITIAL_STATION_STATE, {
    kind: "parent",
    qr: "SB00002",
    outcome: { ok: true, parent: { ...SB2, childCount, status: childCount ? "in_progress" : "pending" } },
    at: AT,
  });
}

describe("routeScan", () => {
  it("makes a parent label the current parent", () => {
    expect(routeScan(" sb00002\n", null)).toEqual({ kind: "parent", qr: "SB00002" });
  });
  it("sends a child label into the current parent", () => {
    expect(routeScan("1000005", "SB00002")).toEqual({ kind: "child", qr: "1000005", parentQr: "SB00002" });
  });
  it("refuses a child before any parent without a server round trip", () => {
    expect(routeScan("1000005", null)).toMatchObject({ kind: "local_error", message: /Scan a parent bag first/ });
  });
  it("refuses an invalid label locally", () => {
    expect(routeScan("HELLO WORLD!", "SB00002")).toMatchObject({ kind: "local_error", message: /not a bag label/ });
    expect(routeScan("SB1234", "SB00002")).toMatchObject({ kind: "local_error", message: /looks like a parent label/ });
  });
});

describe("reduceStation", () => {
  it("selects a parent and reports it ready", () => {
    const s = withParent(0);
    expect(s.parent).toMatchObject({ qr: "SB00002", childCount: 0, capacity: 30 });
    expect(s.feedback.state).toBe("ok");
    expect(s.history).toHaveLength(1);
  });

  it("counts a linked child and completes the parent at capacity", () => {
    const linked = reduceStation(withParent(28), {
      kind: "child",
      qr: "1000005",
      outcome: { ok: true, result: "linked", childQr: "1000005", parentQr: "SB00002", childCount: 29, capacity: 30, parentStatus: "in_progress" },
      at: AT,
    });
    expect(linked.feedback.state).toBe("ok");
    expect(linked.parent?.childCount).toBe(29);
    const full = reduceStation(linked, {
      kind: "child",
      qr: "1000006",
      outcome: { ok: true, result: "linked", childQr: "1000006", parentQr: "SB00002", childCount: 30, capacity: 30, parentStatus: "completed" },
      at: AT,
    });
    expect(full.feedback).toMatchObject({ state: "complete", message: expect.stringContaining("SB00002 complete") });
    expect(full.parent?.status).toBe("completed");
    expect(full.history[0]?.qr).toBe("1000006");
  });

  it("marks a duplicate without changing the count", () => {
    const s = reduceStation(withParent(3), {
      kind: "child",
      qr: "1000005",
      outcome: { ok: true, result: "duplicate", childQr: "1000005", parentQr: "SB00002", childCount: 3, capacity: 30, parentStatus: "in_progress" },
      at: AT,
    });
    expect(s.feedback.state).toBe("duplicate");
    expect(s.parent?.childCount).toBe(3);
  });

  it("shows a server refusal as an error and keeps the parent", () => {
    const s = reduceStation(withParent(3), {
      kind: "child",
      qr: "1000004",
      outcome: { ok: false, code: "linked_elsewhere", message: "1000004 is already in parent M444-00001." },
      at: AT,
    });
    expect(s.feedback).toMatchObject({ state: "error", message: "1000004 is already in parent M444-00001." });
    expect(s.parent?.qr).toBe("SB00002");
  });

  it("reopens a completed parent on undo", () => {
    const s = reduceStation(withParent(30), {
      kind: "undo",
      outcome: { ok: true, undone: { childQr: "1000030" }, parentQr: "SB00002", childCount: 29, capacity: 30, parentStatus: "in_progress" },
      at: AT,
    });
    expect(s.feedback).toMatchObject({ state: "undone", message: "Undone: 1000030 taken out of SB00002 — 29/30." });
    expect(s.history[0]?.qr).toBe("1000030");
    expect(s.parent).toMatchObject({ childCount: 29, status: "in_progress" });
  });

  it("keeps only the last 10 results, newest first", () => {
    let s = withParent(0);
    for (let i = 0; i < 15; i++) s = reduceStation(s, { kind: "local_error", qr: `X${i}`, message: "bad", at: AT + i });
    expect(s.history).toHaveLength(HISTORY_LENGTH);
    expect(s.history[0]?.qr).toBe("X14");
    expect(new Set(s.history.map((h) => h.id)).size).toBe(HISTORY_LENGTH);
  });
});

describe("createRepeatFilter", () => {
  it("drops the same code while it keeps being seen within the window", () => {
    const accept = createRepeatFilter(2000);
    expect(accept("1000005", 0)).toBe(true);
    expect(accept("1000005", 500)).toBe(false);
    expect(accept("1000005", 2400)).toBe(false);
    expect(accept("1000005", 5000)).toBe(true);
  });
  it("always accepts a different code", () => {
    const accept = createRepeatFilter(2000);
    expect(accept("1000005", 0)).toBe(true);
    expect(accept("1000006", 10)).toBe(true);
    expect(accept("1000005", 20)).toBe(true);
  });
});
