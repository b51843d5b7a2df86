import type { Outcome } from "./dto/outcome";
import type { ChildScanResult, ParentScanResult, StationParent, UndoResult } from "./dto/scan";
import { classifyQr, displayQr } from "./qr";
import { HISTORY_LENGTH, type FeedbackState, type HistoryEntry } from "./station";

// The scan station's state machine: what each answer of its server actions (Outcome<DTO>) does
// to the current parent, the feedback line and the history. Pure, so it is unit-tested.

export interface StationState {
  parent: StationParent | null;
  feedback: { state: FeedbackState; message: string; seq: number };
  history: HistoryEntry[];
}

export const INITIAL_STATION_STATE: StationState = {
  parent: null,
  feedback: { state: "idle", message: "Scan a parent bag (SB… or M444-…) to start.", seq: 0 },
  history: [],
};

/** One thing that happened at the station, already decided; the reducer only records it. */
export type StationEvent =
  | { kind: "parent"; qr: string; outcome: Outcome<ParentScanResult>; at: number; quiet?: boolean }
  | { kind: "child"; qr: string; outcome: Outcome<ChildScanResult>; at: number }
  | { kind: "undo"; outcome: Outcome<UndoResult>; at: number }
  | { kind: "local_error"; qr: string; message: string; at: number };

function record(state: StationState, at: number, qr: string, fb: Exclude<FeedbackState, "idle">, message: string, parent = state.parent): StationState {
  const seq = state.feedback.seq + 1;
  const entry: HistoryEntry = { id: seq, at, qr, state: fb, message };
  return { parent, feedback: { state: fb, message, seq }, history: [entry, ...state.history].slice(0, HISTORY_LENGTH) };
}

const counter = (p: { childCount: number; capacity: number }) => `${p.childCount}/${p.capacity}`;

/** The current parent with the counts a child scan or undo answered, if it is that parent. */
function recounted(parent: StationParent | null, o: Pick<UndoResult, "parentQr" | "childCount" | "capacity" | "parentStatus">): StationParent | null {
  return parent && parent.qr === o.parentQr ? { ...parent, childCount: o.childCount, capacity: o.capacity, status: o.parentStatus } : parent;
}

export function reduceStation(state: StationState, event: StationEvent): StationState {
  switch (event.kind) {
    case "local_error":
      return record(state, event.at, event.qr, "error", event.message);
    case "parent": {
      const o = event.outcome;
      if (!o.ok) return record(state, event.at, event.qr, "error", o.message);
      const parent: StationParent = { qr: o.parent.qr, type: o.parent.type, status: o.parent.status, childCount: o.parent.childCount, capacity: o.parent.capacity };
      if (parent.childCount >= parent.capacity) {
        return record(state, event.at, parent.qr, "complete", `Parent ${parent.qr} is already complete (${counter(parent)}). Scan the next parent.`, parent);
      }
      const verb = event.quiet ? "Resumed" : o.parent.created ? "New parent" : "Parent";
      return record(state, event.at, parent.qr, "ok", `${verb} ${parent.qr} ready — ${counter(parent)}. Scan children.`, parent);
    }
    case "child": {
      const o = event.outcome;
      if (!o.ok) return record(state, event.at, event.qr, "error", o.message);
      const parent = recounted(state.parent, o);
      if (o.result === "duplicate") {
        return record(state, event.at, o.childQr, "duplicate", `${o.childQr} is already in ${o.parentQr} — nothing changed (${counter(o)}).`, parent);
      }
      if (o.childCount >= o.capacity) {
        return record(state, event.at, o.childQr, "complete", `Parent ${o.parentQr} complete — ${counter(o)}. Scan the next parent.`, parent);
      }
      return record(state, event.at, o.childQr, "ok", `${o.childQr} packed into ${o.parentQr} — ${counter(o)}.`, parent);
    }
    case "undo": {
      const o = event.outcome;
      if (!o.ok) return record(state, event.at, state.parent?.qr ?? "", "error", o.message);
      const parent = recounted(state.parent, o);
      const { childQr } = o.undone;
      return record(state, event.at, childQr, "undone", `Undone: ${childQr} taken out of ${o.parentQr} — ${counter(o)}.`, parent);
    }
  }
}

/** How the station routes one scanned string before any server round trip. */
export type ScanRoute =
  | { kind: "parent"; qr: string }
  | { kind: "child"; qr: string; parentQr: string }
  | { kind: "local_error"; qr: string; message: string };

export function routeScan(raw: string, currentParentQr: string | null): ScanRoute {
  const c = classifyQr(raw);
  if (c.kind === "invalid") return { kind: "local_error", qr: displayQr(c.qr), message: c.message };
  if (c.kind === "parent") return { kind: "parent", qr: c.qr };
  if (!currentParentQr) {
    return { kind: "local_error", qr: c.qr, message: `Scan a parent bag first (SB… or M444-…), then ${c.qr}.` };
  }
  return { kind: "child", qr: c.qr, parentQr: currentParentQr };
}
