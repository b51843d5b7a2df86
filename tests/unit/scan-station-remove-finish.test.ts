import { describe, expect, it } from "vitest";
import type { StationParent } from "@/lib/dto/scan";
import { INITIAL_STATION_STATE, reduceStation, REMOVE_KEY, routeRemoval, type StationState } from "@/lib/scan-station";

const AT = Date.UTC(2025, 0, 1, 6, 0, 0);
const SEAL = { at: new Date(AT), by: "ravi", reason: "Short lot" };
const parentOf = (childCount: number, extra: Partial<StationParent> = {}): StationParent => ({
  qr: "SB00002",
  type: "SB",
  status: childCount === 0 ? "pending" : childCount >= 30 ? "completed" : "in_progress",
  childCount,
  capacity: 30,
  finished: null,
  ...extra,
});

function withParent(parent: StationParent): StationState {
  return reduceStation(INITIAL_STATION_STATE, { kind: "parent", qr: parent.qr, outcome: { ok: true, parent: { ...parent, created: false } }, at: AT });
}

describe("the remove mode", () => {
  it("arms only with a current parent, and says why not without one", () => {
    const refused = reduceStation(INITIAL_STATION_STATE, { kind: "arm_remove", armed: true, at: AT });
    expect(refused.removeArmed).toBe(false);
    expect(refused.feedback).toMatchObject({ state: "error", message: expect.stringContaining(`then ${REMOVE_KEY}`) });
    const armed = reduceStation(withParent(parentOf(5)), { kind: "arm_remove", armed: true, at: AT });
    expect(armed.removeArmed).toBe(true);
    // Arming is not an outcome: the feedback line and the list stay as they were.
    expect(armed.feedback).toEqual(withParent(parentOf(5)).feedback);
    expect(armed.history).toHaveLength(1);
    expect(reduceStation(armed, { kind: "arm_remove", armed: false, at: AT }).removeArmed).toBe(false);
  });

  it("records a removal like an undo, with the new count, and disarms (one shot)", () => {
    const armed = reduceStation(withParent(parentOf(5)), { kind: "arm_remove", armed: true, at: AT });
    const s = reduceStation(armed, {
      kind: "remove",
      qr: "1000003",
      outcome: { ok: true, removed: { childQr: "1000003" }, parentQr: "SB00002", childCount: 4, capacity: 30, parentStatus: "in_progress" },
      at: AT,
    });
    expect(s.removeArmed).toBe(false);
    expect(s.feedback).toMatchObject({ state: "undone", message: "Removed: 1000003 taken off SB00002 — 4/30." });
    expect(s.parent).toMatchObject({ childCount: 4, status: "in_progress" });
    expect(s.history[0]).toMatchObject({ qr: "1000003", state: "undone" });
  });

  it("shows a refused removal as an error, keeps the count and disarms", () => {
    const armed = reduceStation(withParent(parentOf(5)), { kind: "arm_remove", armed: true, at: AT });
    const s = reduceStation(armed, {
      kind: "remove",
      qr: "1000009",
      outcome: { ok: false, code: "not_on_parent", message: "Child 1000009 is not on parent SB00002: it is in parent SB00003. Nothing was removed." },
      at: AT,
    });
    expect(s).toMatchObject({ removeArmed: false, parent: { childCount: 5 }, feedback: { state: "error", message: expect.stringContaining("it is in parent SB00003") } });
  });

  it("a removal or undo on a finished parent reopens it at the station", () => {
    const finished = withParent(parentOf(12, { status: "completed", finished: SEAL }));
    const removed = reduceStation(finished, {
      kind: "remove",
      qr: "1000003",
      outcome: { ok: true, removed: { childQr: "1000003" }, parentQr: "SB00002", childCount: 11, capacity: 30, parentStatus: "in_progress" },
      at: AT,
    });
    expect(removed.parent).toMatchObject({ childCount: 11, status: "in_progress", finished: null });
    const undone = reduceStation(finished, {
      kind: "undo",
      outcome: { ok: true, undone: { childQr: "1000012" }, parentQr: "SB00002", childCount: 11, capacity: 30, parentStatus: "in_progress" },
      at: AT,
    });
    expect(undone.parent?.finished).toBeNull();
    // A duplicate re-scan changes nothing, the seal included.
    const duplicate = reduceStation(finished, {
      kind: "child",
      qr: "1000001",
      outcome: { ok: true, result: "duplicate", childQr: "1000001", parentQr: "SB00002", childCount: 12, capacity: 30, parentStatus: "completed" },
      at: AT,
    });
    expect(duplicate.parent?.finished).toEqual(SEAL);
  });

  it("routes the armed scan: a child label names the child; a parent label or bad label removes nothing", () => {
    expect(routeRemoval(" 1000003\n", "SB00002")).toEqual({ kind: "remove", qr: "1000003", parentQr: "SB00002" });
    expect(routeRemoval("SB00003", "SB00002")).toMatchObject({ kind: "local_error", message: expect.stringContaining("nothing was removed") });
    expect(routeRemoval("HELLO!", "SB00002")).toMatchObject({ kind: "local_error", message: expect.stringContaining("Nothing was removed") });
    expect(routeRemoval("1000003", null)).toMatchObject({ kind: "local_error", message: expect.stringContaining("scan a parent bag first") });
  });
});

describe("finish and reopen at the station", () => {
  it("shows a finished parent as complete, with its seal, and a reopened one as packing again", () => {
    const finished = reduceStation(withParent(parentOf(12)), {
      kind: "finish",
      outcome: { ok: true, parent: parentOf(12, { status: "completed", finished: SEAL }) },
      at: AT,
    });
    expect(finished.feedback).toMatchObject({ state: "complete", message: "Parent SB00002 finished at 12 of 30 (Short lot). Scan the next parent." });
    expect(finished.parent?.finished).toEqual(SEAL);
    const reopened = reduceStation(finished, { kind: "reopen", outcome: { ok: true, parent: parentOf(12) }, at: AT });
    expect(reopened.feedback).toMatchObject({ state: "ok", message: "Parent SB00002 reopened — 12/30. Scan children." });
    expect(reopened.parent).toMatchObject({ status: "in_progress", finished: null });
  });

  it("keeps the parent and shows the reason when a finish or reopen is refused", () => {
    const s = reduceStation(withParent(parentOf(0)), {
      kind: "finish",
      outcome: { ok: false, code: "parent_empty", message: "Parent SB00002 has no children: there is nothing to finish." },
      at: AT,
    });
    expect(s.feedback).toMatchObject({ state: "error", message: expect.stringContaining("nothing to finish") });
    expect(s.parent?.finished).toBeNull();
    const r = reduceStation(withParent(parentOf(4, { status: "completed", finished: SEAL })), {
      kind: "reopen",
      outcome: { ok: false, code: "not_reopenable", message: "Parent SB00002 was finished by meena at …" },
      at: AT,
    });
    expect(r.parent?.finished).toEqual(SEAL);
    expect(r.feedback.state).toBe("error");
  });

  it("says a finished parent is finished when it is scanned again", () => {
    const s = withParent(parentOf(12, { status: "completed", finished: SEAL }));
    expect(s.feedback).toMatchObject({ state: "complete", message: "Parent SB00002 was finished at 12 of 30 (Short lot). Reopen it to add bags, or scan the next parent." });
    expect(s.parent?.finished).toEqual(SEAL);
  });
});
