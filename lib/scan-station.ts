import type { BagStatus } from "./domain";
import { classifyQr, displayQr } from "./qr";

/** What the scan station's server actions hand back: plain, serialisable values. */
export interface StationParent {
  qr: string;
  type: "SB" | "M444";
  status: BagStatus;
  childCount: number;
  capacity: number;
}
export type ActionFailure = { ok: false; code: string; message: string };
export type ParentScanOutcome = { ok: true; parent: StationParent & { created: boolean } } | ActionFailure;
export type ChildScanOutcome =
  | { ok: true; result: "linked" | "duplicate"; childQr: string; parentQr: string; childCount: number; capacity: number; parentStatus: BagStatus }
  | ActionFailure;
export type UndoOutcome =
  | { ok: true; childQr: string; parentQr: string; childCount: number; capacity: number; parentStatus: BagStatus }
  | ActionFailure;

export type FeedbackState = "idle" | "ok" | "duplicate" | "error" | "complete" | "undone";

export interface HistoryEntry {
  id: number;
  at: number;
  qr: string;
  state: Exclude<FeedbackState, "idle">;
  message: string;
}

export interface StationState {
  parent: StationParent | null;
  feedback: { state: FeedbackState; message: string; seq: number };
  history: HistoryEntry[];
}

export const HISTORY_LENGTH = 10;

export const INITIAL_STATION_STATE: StationState = {
  parent: null,
  feedback: { state: "idle", message: "Scan a parent bag (SB… or M444-…) to start.", seq: 0 },
  history: [],
};

/** One thing that happened at the station, already decided; the reducer only records it. */
export type StationEvent =
  | { kind: "parent"; qr: string; outcome: ParentScanOutcome; at: number; quiet?: boolean }
  | { kind: "child"; qr: string; outcome: ChildScanOutcome; at: number }
  | { kind: "undo"; outcome: UndoOutcome; at: number }
  | { kind: "local_error"; qr: string; message: string; at: number };

function record(state: StationState, at: number, qr: string, fb: Exclude<FeedbackState, "idle">, message: string, parent = state.parent): StationState {
  const seq = state.feedback.seq + 1;
  const entry: HistoryEntry = { id: seq, at, qr, state: fb, message };
  return { parent, feedback: { state: fb, message, seq }, history: [entry, ...state.history].slice(0, HISTORY_LENGTH) };
}

const counter = (p: { childCount: number; capacity: number }) => `${p.childCount}/${p.capacity}`;

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
      const parent: StationParent | null =
        state.parent && state.parent.qr === o.parentQr
          ? { ...state.parent, childCount: o.childCount, capacity: o.capacity, status: o.parentStatus }
          : state.parent;
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
      const parent: StationParent | null =
        state.parent && state.parent.qr === o.parentQr
          ? { ...state.parent, childCount: o.childCount, capacity: o.capacity, status: o.parentStatus }
          : state.parent;
      return record(state, event.at, o.childQr, "undone", `Undone: ${o.childQr} taken out of ${o.parentQr} — ${counter(o)}.`, parent);
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

/**
 * Drops a code seen again within `windowMs` of its last sighting, so a camera held over one
 * label does not rescan it; a different code always passes.
 */
export function createRepeatFilter(windowMs: number): (text: string, now: number) => boolean {
  let last: { text: string; at: number } | null = null;
  return (text, now) => {
    const repeat = last !== null && last.text === text && now - last.at < windowMs;
    last = { text, at: now };
    return !repeat;
  };
}
