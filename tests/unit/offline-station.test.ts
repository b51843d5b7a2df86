import { describe, expect, it } from "vitest";
import { asAddParentResult, asChildScanResult, asParentScanResult, isNetworkFailure } from "@/lib/offline/answers";
import { initialBillStation, reduceBillStation } from "@/lib/bill-station";
import { INITIAL_STATION_STATE, reduceStation, type StationState } from "@/lib/scan-station";
import type { BillSnapshot } from "@/lib/dto/bills";
import type { StationParent } from "@/lib/dto/scan";
import { parseStationMemory, serializeStationMemory } from "@/components/station/station-memory";

const AT = Date.UTC(2025, 0, 1, 6, 0, 0);
const SB = (qr: string, childCount: number): StationParent => ({ qr, type: "SB", status: childCount ? "in_progress" : "pending", childCount, capacity: 30, finished: null });
const childAnswer = (qr: string, childCount: number, parentQr = "SB79300") =>
  ({ result: "linked", childQr: qr, parentQr, childCount, capacity: 30, parentStatus: childCount >= 30 ? "completed" : "in_progress" }) as const;

function online(childCount: number): StationState {
  return reduceStation(INITIAL_STATION_STATE, { kind: "parent", qr: "SB79300", outcome: { ok: true, parent: { ...SB("SB79300", childCount), created: false } }, at: AT });
}

describe("the scan station offline", () => {
  it("shows a queued scan as its own, provisional outcome and keeps the server's count", () => {
    const s = reduceStation(online(10), { kind: "queued", qr: "7930011", message: "Queued offline — 7930011 → SB79300, about 11/30 (not yet confirmed).", at: AT });
    expect(s.feedback).toMatchObject({ state: "queued", message: expect.stringContaining("not yet confirmed") });
    expect(s.parent?.childCount).toBe(10);
    expect(s.history[0]).toMatchObject({ qr: "7930011", state: "queued" });
    expect(s.parentProvisional).toBeFalsy();
  });

  it("makes a parent scanned offline the current parent, provisionally, until the server answers", () => {
    const queued = reduceStation(online(10), { kind: "queued", qr: "SB79301", message: "accepted provisionally", at: AT, parent: SB("SB79301", 0) });
    expect(queued.parent?.qr).toBe("SB79301");
    expect(queued.parentProvisional).toBe(true);
    const confirmed = reduceStation(queued, { kind: "replayed", scan: "parent", qr: "SB79301", result: { parent: { ...SB("SB79301", 4), created: false } }, at: AT });
    expect(confirmed.parentProvisional).toBe(false);
    expect(confirmed.parent?.childCount).toBe(4);
    expect(confirmed.history[0]).toMatchObject({ state: "ok", replayed: true, message: "Sent: parent SB79301 confirmed — 4/30." });
  });

  it("confirms a replayed parent that is no longer current without taking the station back to it", () => {
    const queued = reduceStation(online(0), { kind: "queued", qr: "SB79302", message: "x", at: AT, parent: SB("SB79302", 0) });
    const s = reduceStation(queued, { kind: "replayed", scan: "parent", qr: "SB79300", result: { parent: { ...SB("SB79300", 0), created: true } }, at: AT });
    expect(s.parent?.qr).toBe("SB79302");
    expect(s.parentProvisional).toBe(true);
  });

  it("counts a replayed child on the current parent like a normal answer, marked sent later", () => {
    const s = reduceStation(online(10), { kind: "replayed", scan: "child", qr: "7930011", result: childAnswer("7930011", 11), at: AT });
    expect(s.parent?.childCount).toBe(11);
    expect(s.history[0]).toMatchObject({ state: "ok", replayed: true, message: "Sent: 7930011 packed into SB79300 — 11/30." });
    const full = reduceStation(online(29), { kind: "replayed", scan: "child", qr: "7930030", result: childAnswer("7930030", 30), at: AT });
    expect(full.feedback.state).toBe("complete");
    const dup = reduceStation(online(10), { kind: "replayed", scan: "child", qr: "7930005", result: { ...childAnswer("7930005", 10), result: "duplicate" }, at: AT });
    expect(dup.history[0]).toMatchObject({ state: "duplicate", message: expect.stringContaining("already in SB79300 — nothing changed") });
  });

  it("records a refusal with its advice, and drops a refused provisional parent", () => {
    const refusedChild = reduceStation(online(10), { kind: "refused", scan: "child", qr: "7930011", message: "Child 7930011 is already in parent SB79399.", advice: "Take it out.", at: AT });
    expect(refusedChild.feedback).toMatchObject({ state: "error", message: "Not sent: Child 7930011 is already in parent SB79399. Take it out." });
    expect(refusedChild.parent?.qr).toBe("SB79300");
    const provisional = reduceStation(online(0), { kind: "queued", qr: "SB79303", message: "x", at: AT, parent: SB("SB79303", 0) });
    const dropped = reduceStation(provisional, { kind: "refused", scan: "parent", qr: "SB79303", message: "wrong area", advice: "Hand it over.", at: AT });
    expect(dropped.parent).toBeNull();
    expect(dropped.parentProvisional).toBe(false);
  });

  it("keeps queued and sent-later entries in the station's memory across a reload", () => {
    let s = reduceStation(online(10), { kind: "queued", qr: "7930011", message: "queued", at: AT });
    s = reduceStation(s, { kind: "replayed", scan: "child", qr: "7930011", result: childAnswer("7930011", 11), at: AT });
    const back = parseStationMemory(serializeStationMemory({ parentQr: "SB79300", history: s.history }));
    expect(back?.history.map((e) => [e.state, e.replayed ?? false])).toEqual([
      ["ok", true],
      ["queued", false],
      ["ok", false],
    ]);
  });
});

describe("the bill station offline", () => {
  const snapshot: BillSnapshot = {
    counts: { billNumber: "B-7930", status: "processing", linkedCount: 1, capacity: 3, childCount: 30, actualWeightKg: 30, expectedWeightKg: 90, varianceKg: -60 },
    completedAt: null,
    parents: [{ qr: "SB79300", type: "SB", childCount: 30, capacity: 30, partial: false, addedAt: new Date(0), addedBy: "biller" }],
  };

  it("shows a queued parent as provisional and leaves the bill as it was", () => {
    const s = reduceBillStation(initialBillStation(snapshot), { kind: "queued", qr: "SB79301", message: "Queued offline — SB79301 → bill B-7930", at: AT });
    expect(s.feedback.state).toBe("queued");
    expect(s.snapshot).toBe(snapshot);
  });

  it("puts a replayed parent on the bill like a scan, marked sent later", () => {
    const result = { ...snapshot.counts, linkedCount: 2, result: "added" as const, parent: { qr: "SB79301", type: "SB" as const, childCount: 30, capacity: 30, partial: false } };
    const s = reduceBillStation(initialBillStation(snapshot), { kind: "replayed_add", qr: "SB79301", result, at: AT, by: "biller" });
    expect(s.snapshot.counts.linkedCount).toBe(2);
    expect(s.snapshot.parents.map((p) => p.qr)).toEqual(["SB79301", "SB79300"]);
    expect(s.history[0]).toMatchObject({ replayed: true, message: expect.stringMatching(/^Sent: SB79301 added/) });
  });

  it("records a refused parent with its advice", () => {
    const s = reduceBillStation(initialBillStation(snapshot), { kind: "refused", qr: "SB79302", message: "Bill B-7930 is completed.", advice: "Reopen it.", at: AT });
    expect(s.feedback).toMatchObject({ state: "error", message: "Not sent: Bill B-7930 is completed. Reopen it." });
    expect(s.snapshot).toBe(snapshot);
  });
});

describe("replayed answers and network failures", () => {
  it("accepts the routes' answers and refuses bodies of another shape", () => {
    expect(asChildScanResult(childAnswer("7930001", 1))).not.toBeNull();
    expect(asChildScanResult({ result: "linked", childQr: "x" })).toBeNull();
    expect(asParentScanResult({ parent: { ...SB("SB79300", 1), created: false }, replayed: true })).not.toBeNull();
    expect(asParentScanResult({ parent: { qr: "SB79300" } })).toBeNull();
    expect(asAddParentResult({ result: "added", billNumber: "B-1", linkedCount: 1, capacity: 2, parent: { qr: "SB79300", childCount: 3, capacity: 30 } })).not.toBeNull();
    expect(asAddParentResult({ error: { code: "x" } })).toBeNull();
  });

  it("treats a fetch TypeError or a browser that says offline as no network, and nothing else", () => {
    expect(isNetworkFailure(new TypeError("Failed to fetch"), true)).toBe(true);
    expect(isNetworkFailure(new Error("An unexpected response was received from the server."), false)).toBe(true);
    expect(isNetworkFailure(new Error("An unexpected response was received from the server."), true)).toBe(false);
  });
});
