import type { Outcome } from "./dto/outcome";
import type { ChildScanResult, ParentScanResult, RemoveResult, SealResult, StationParent, UndoResult } from "./dto/scan";
import { classifyQr, displayQr } from "./qr";
import { HISTORY_LENGTH, type FeedbackState, type HistoryEntry } from "./station";

// The scan station's state machine: what each answer of its server actions (Outcome<DTO>) does
// to the current parent, the feedback line and the history. Pure, so it is unit-tested.

export interface StationState {
  parent: StationParent | null;
  feedback: { state: FeedbackState; message: string; seq: number };
  history: HistoryEntry[];
  /** "Remove a child" is armed: the next scan takes that child off the current parent (one shot). */
  removeArmed: boolean;
  /** The current parent was accepted offline: the server has not confirmed it yet. */
  parentProvisional?: boolean;
}

export const INITIAL_STATION_STATE: StationState = {
  parent: null,
  feedback: { state: "idle", message: "Scan a parent bag (SB… or M444-…) to start.", seq: 0 },
  history: [],
  removeArmed: false,
};

/** One thing that happened at the station, already decided; the reducer only records it. */
export type StationEvent =
  | { kind: "parent"; qr: string; outcome: Outcome<ParentScanResult>; at: number; quiet?: boolean }
  | { kind: "child"; qr: string; outcome: Outcome<ChildScanResult>; at: number }
  | { kind: "undo"; outcome: Outcome<UndoResult>; at: number }
  | { kind: "arm_remove"; armed: boolean; at: number }
  | { kind: "remove"; qr: string; outcome: Outcome<RemoveResult>; at: number }
  | { kind: "finish"; outcome: Outcome<SealResult>; at: number }
  | { kind: "reopen"; outcome: Outcome<SealResult>; at: number }
  | { kind: "local_error"; qr: string; message: string; at: number }
  /** Kept in the offline queue: a provisional answer; `parent` becomes the (provisional) current parent. */
  | { kind: "queued"; qr: string; message: string; at: number; parent?: StationParent; quiet?: boolean }
  /** The server's answer to a scan sent later from the offline queue. */
  | { kind: "replayed"; scan: "parent"; qr: string; result: ParentScanResult; at: number }
  | { kind: "replayed"; scan: "child"; qr: string; result: ChildScanResult; at: number }
  /** The server refused a queued scan: it went onto the conflict list. */
  | { kind: "refused"; scan: "parent" | "child"; qr: string; message: string; advice: string; at: number };

function record(
  state: StationState,
  at: number,
  qr: string,
  fb: Exclude<FeedbackState, "idle">,
  message: string,
  parent = state.parent,
  replayed = false,
): StationState {
  const seq = state.feedback.seq + 1;
  const entry: HistoryEntry = { id: seq, at, qr, state: fb, message, ...(replayed ? { replayed } : {}) };
  return { ...state, parent, feedback: { state: fb, message, seq }, history: [entry, ...state.history].slice(0, HISTORY_LENGTH) };
}

function toStationParent(p: StationParent): StationParent {
  return { qr: p.qr, type: p.type, status: p.status, childCount: p.childCount, capacity: p.capacity, finished: p.finished ?? null };
}

const counter = (p: { childCount: number; capacity: number }) => `${p.childCount}/${p.capacity}`;

/**
 * The current parent with the counts a child scan, undo or remove answered, if it is that parent.
 * A link or unlink that landed means the parent is not finished (an unlink reopens a finished one).
 */
function recounted(
  parent: StationParent | null,
  o: Pick<UndoResult, "parentQr" | "childCount" | "capacity" | "parentStatus">,
  changed = true,
): StationParent | null {
  if (!parent || parent.qr !== o.parentQr) return parent;
  return { ...parent, childCount: o.childCount, capacity: o.capacity, status: o.parentStatus, finished: changed ? null : parent.finished };
}

/** "finished at 12 of 30 (Short lot)" */
function sealWords(p: StationParent): string {
  return p.finished ? `finished at ${p.childCount} of ${p.capacity} (${p.finished.reason})` : "";
}

/** A queued scan's later answer: the history says "sent later"; counts move on the parent it names. */
function reduceReplay(state: StationState, event: Extract<StationEvent, { kind: "replayed" | "refused" }>): StationState {
  if (event.kind === "refused") {
    // A parent accepted offline and refused now is no current parent: its children would follow it.
    const drop = event.scan === "parent" && state.parent?.qr === event.qr && state.parentProvisional === true;
    const next = record(state, event.at, event.qr, "error", `Not sent: ${event.message} ${event.advice}`, drop ? null : state.parent, true);
    return drop ? { ...next, parentProvisional: false, removeArmed: false } : next;
  }
  if (event.scan === "parent") {
    const p = toStationParent(event.result.parent);
    const current = state.parent?.qr === p.qr;
    const full = p.finished !== null || p.childCount >= p.capacity;
    const words = p.finished ? sealWords(p) : counter(p);
    const next = record(state, event.at, p.qr, full ? "complete" : "ok", `Sent: parent ${p.qr} confirmed — ${words}.`, current ? p : state.parent, true);
    return current ? { ...next, parentProvisional: false } : next;
  }
  const o = event.result;
  const parent = recounted(state.parent, o, o.result === "linked");
  if (o.result === "duplicate") {
    return record(state, event.at, o.childQr, "duplicate", `Sent: ${o.childQr} was already in ${o.parentQr} — nothing changed (${counter(o)}).`, parent, true);
  }
  const full = o.childCount >= o.capacity;
  const words = `Sent: ${o.childQr} packed into ${o.parentQr} — ${counter(o)}${full ? ", parent complete" : ""}.`;
  return record(state, event.at, o.childQr, full ? "complete" : "ok", words, parent, true);
}

export function reduceStation(state: StationState, event: StationEvent): StationState {
  const next = reduceEvent(state, event);
  // The server's answer about the current parent replaces a provisional one.
  return event.kind === "parent" && event.outcome.ok && next.parentProvisional ? { ...next, parentProvisional: false } : next;
}

function reduceEvent(state: StationState, event: StationEvent): StationState {
  switch (event.kind) {
    case "queued": {
      const next = record(state, event.at, event.qr, "queued", event.message, event.parent ?? state.parent);
      return event.parent ? { ...next, parentProvisional: true } : next;
    }
    case "replayed":
    case "refused":
      return reduceReplay(state, event);
    case "local_error":
      return record(state, event.at, event.qr, "error", event.message);
    case "parent": {
      const o = event.outcome;
      if (!o.ok) return record(state, event.at, event.qr, "error", o.message);
      const parent: StationParent = {
        qr: o.parent.qr,
        type: o.parent.type,
        status: o.parent.status,
        childCount: o.parent.childCount,
        capacity: o.parent.capacity,
        finished: o.parent.finished ?? null,
      };
      if (parent.finished) {
        return record(state, event.at, parent.qr, "complete", `Parent ${parent.qr} was ${sealWords(parent)}. Reopen it to add bags, or scan the next parent.`, parent);
      }
      if (parent.childCount >= parent.capacity) {
        return record(state, event.at, parent.qr, "complete", `Parent ${parent.qr} is already complete (${counter(parent)}). Scan the next parent.`, parent);
      }
      const verb = event.quiet ? "Resumed" : o.parent.created ? "New parent" : "Parent";
      return record(state, event.at, parent.qr, "ok", `${verb} ${parent.qr} ready — ${counter(parent)}. Scan children.`, parent);
    }
    case "child": {
      const o = event.outcome;
      if (!o.ok) return record(state, event.at, event.qr, "error", o.message);
      const parent = recounted(state.parent, o, o.result === "linked");
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
    case "arm_remove":
      if (event.armed && !state.parent) return record(state, event.at, "", "error", `Scan a parent bag first, then ${REMOVE_KEY} to remove one of its children.`);
      return { ...state, removeArmed: event.armed };
    case "remove": {
      const o = event.outcome;
      const disarmed = { ...state, removeArmed: false };
      if (!o.ok) return record(disarmed, event.at, event.qr, "error", o.message);
      const { childQr } = o.removed;
      return record(disarmed, event.at, childQr, "undone", `Removed: ${childQr} taken off ${o.parentQr} — ${counter(o)}.`, recounted(state.parent, o));
    }
    case "finish":
    case "reopen": {
      const o = event.outcome;
      if (!o.ok) return record(state, event.at, state.parent?.qr ?? "", "error", o.message);
      const { parent } = o;
      if (event.kind === "finish") {
        return record(state, event.at, parent.qr, "complete", `Parent ${parent.qr} ${sealWords(parent)}. Scan the next parent.`, parent);
      }
      return record(state, event.at, parent.qr, "ok", `Parent ${parent.qr} reopened — ${counter(parent)}. Scan children.`, parent);
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

/** The station key that arms "Remove a child" (F2 undoes the last one). */
export const REMOVE_KEY = "F4";

/** What a scan does while "Remove a child" is armed: a child label names the child to take off. */
export type RemovalRoute = { kind: "remove"; qr: string; parentQr: string } | { kind: "local_error"; qr: string; message: string };

export function routeRemoval(raw: string, currentParentQr: string | null): RemovalRoute {
  const c = classifyQr(raw);
  if (c.kind === "invalid") return { kind: "local_error", qr: displayQr(c.qr), message: `${c.message} Nothing was removed.` };
  if (!currentParentQr) return { kind: "local_error", qr: c.qr, message: "Nothing was removed: scan a parent bag first." };
  if (c.kind === "parent") {
    return {
      kind: "local_error",
      qr: c.qr,
      message: `${c.qr} is a parent label: nothing was removed. To take a child off ${currentParentQr}, press ${REMOVE_KEY} and scan the child.`,
    };
  }
  return { kind: "remove", qr: c.qr, parentQr: currentParentQr };
}
