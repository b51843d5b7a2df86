import type { Outcome } from "./dto/outcome";
import type { ChildScanResult, ParentScanResult, RemoveResult, SealResult, StationParent, UndoResult } from "./dto/scan";
import { classifyQr, displayQr } from "./qr";
import { ENGLISH, HISTORY_LENGTH, invalidQrMessage, type FeedbackState, type HistoryEntry, type Words } from "./station";

// The scan station's state machine: what each answer of its server actions (Outcome<DTO>) does
// to the current parent, the feedback line and the history. Pure, so it is unit-tested. Its
// sentences are messages (scan.machine.*) said with the reader's `t` (English by default).

export interface StationState {
  parent: StationParent | null;
  feedback: { state: FeedbackState; message: string; seq: number };
  history: HistoryEntry[];
  /** "Remove a child" is armed: the next scan takes that child off the current parent (one shot). */
  removeArmed: boolean;
  /** The current parent was accepted offline: the server has not confirmed it yet. */
  parentProvisional?: boolean;
}

/** The station before its first scan, in the reader's words. */
export function initialStationState(t: Words = ENGLISH): StationState {
  return { parent: null, feedback: { state: "idle", message: t("scan.machine.idle"), seq: 0 }, history: [], removeArmed: false };
}

export const INITIAL_STATION_STATE: StationState = initialStationState();

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

/** A count's values for the messages: `{count}/{capacity}`. */
const counts = (p: { childCount: number; capacity: number }) => ({ count: p.childCount, capacity: p.capacity });

/** A child answer's values: `{child}` into `{parent}`, `{count}/{capacity}`. */
const childValues = (o: { childQr: string; parentQr: string; childCount: number; capacity: number }) => ({ child: o.childQr, parent: o.parentQr, ...counts(o) });

/** The finish reasons offered at the station, stored as these words; shown in the reader's (scan.finish.reasons.*). */
export const FINISH_REASONS = { shortLot: "Short lot", endOfShift: "End of shift", damagedLabels: "Damaged labels" } as const;

/** A stored finish reason in the reader's words: one of FINISH_REASONS translated, anything typed as it is. */
export function finishReasonText(reason: string, t: Words = ENGLISH): string {
  const preset = (Object.keys(FINISH_REASONS) as (keyof typeof FINISH_REASONS)[]).find((k) => FINISH_REASONS[k] === reason);
  return preset ? t(`scan.finish.reasons.${preset}`) : reason;
}

/** The values of "finished at 12 of 30 (Short lot)". */
const sealValues = (p: StationParent, t: Words) => ({ qr: p.qr, ...counts(p), reason: p.finished ? finishReasonText(p.finished.reason, t) : "" });

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

/** A queued scan's later answer: the history says "sent later"; counts move on the parent it names. */
function reduceReplay(state: StationState, event: Extract<StationEvent, { kind: "replayed" | "refused" }>, t: Words): StationState {
  if (event.kind === "refused") {
    // A parent accepted offline and refused now is no current parent: its children would follow it.
    const drop = event.scan === "parent" && state.parent?.qr === event.qr && state.parentProvisional === true;
    const message = t("scan.machine.notSent", { message: event.message, advice: event.advice });
    const next = record(state, event.at, event.qr, "error", message, drop ? null : state.parent, true);
    return drop ? { ...next, parentProvisional: false, removeArmed: false } : next;
  }
  if (event.scan === "parent") {
    const p = toStationParent(event.result.parent);
    const current = state.parent?.qr === p.qr;
    const full = p.finished !== null || p.childCount >= p.capacity;
    const message = p.finished ? t("scan.machine.sentParentFinished", sealValues(p, t)) : t("scan.machine.sentParent", { qr: p.qr, ...counts(p) });
    const next = record(state, event.at, p.qr, full ? "complete" : "ok", message, current ? p : state.parent, true);
    return current ? { ...next, parentProvisional: false } : next;
  }
  const o = event.result;
  const parent = recounted(state.parent, o, o.result === "linked");
  if (o.result === "duplicate") {
    return record(state, event.at, o.childQr, "duplicate", t("scan.machine.sentDuplicate", childValues(o)), parent, true);
  }
  const full = o.childCount >= o.capacity;
  const message = t(full ? "scan.machine.sentPackedComplete" : "scan.machine.sentPacked", childValues(o));
  return record(state, event.at, o.childQr, full ? "complete" : "ok", message, parent, true);
}

/** One event's effect on the station; `t` words its messages (English by default). */
export function reduceStation(state: StationState, event: StationEvent, t: Words = ENGLISH): StationState {
  const next = reduceEvent(state, event, t);
  // The server's answer about the current parent replaces a provisional one.
  return event.kind === "parent" && event.outcome.ok && next.parentProvisional ? { ...next, parentProvisional: false } : next;
}

function reduceEvent(state: StationState, event: StationEvent, t: Words): StationState {
  switch (event.kind) {
    case "queued": {
      const next = record(state, event.at, event.qr, "queued", event.message, event.parent ?? state.parent);
      return event.parent ? { ...next, parentProvisional: true } : next;
    }
    case "replayed":
    case "refused":
      return reduceReplay(state, event, t);
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
        return record(state, event.at, parent.qr, "complete", t("scan.machine.parentFinished", sealValues(parent, t)), parent);
      }
      const values = { qr: parent.qr, ...counts(parent) };
      if (parent.childCount >= parent.capacity) {
        return record(state, event.at, parent.qr, "complete", t("scan.machine.parentAlreadyComplete", values), parent);
      }
      const key = event.quiet ? "scan.machine.parentResumed" : o.parent.created ? "scan.machine.parentNew" : "scan.machine.parentReady";
      return record(state, event.at, parent.qr, "ok", t(key, values), parent);
    }
    case "child": {
      const o = event.outcome;
      if (!o.ok) return record(state, event.at, event.qr, "error", o.message);
      const parent = recounted(state.parent, o, o.result === "linked");
      if (o.result === "duplicate") {
        return record(state, event.at, o.childQr, "duplicate", t("scan.machine.childDuplicate", childValues(o)), parent);
      }
      if (o.childCount >= o.capacity) {
        return record(state, event.at, o.childQr, "complete", t("scan.machine.parentComplete", childValues(o)), parent);
      }
      return record(state, event.at, o.childQr, "ok", t("scan.machine.childPacked", childValues(o)), parent);
    }
    case "undo": {
      const o = event.outcome;
      if (!o.ok) return record(state, event.at, state.parent?.qr ?? "", "error", o.message);
      const parent = recounted(state.parent, o);
      const { childQr } = o.undone;
      return record(state, event.at, childQr, "undone", t("scan.machine.undone", childValues({ ...o, childQr })), parent);
    }
    case "arm_remove":
      if (event.armed && !state.parent) return record(state, event.at, "", "error", t("scan.machine.removeNeedsParent", { key: REMOVE_KEY }));
      return { ...state, removeArmed: event.armed };
    case "remove": {
      const o = event.outcome;
      const disarmed = { ...state, removeArmed: false };
      if (!o.ok) return record(disarmed, event.at, event.qr, "error", o.message);
      const { childQr } = o.removed;
      return record(disarmed, event.at, childQr, "undone", t("scan.machine.removed", childValues({ ...o, childQr })), recounted(state.parent, o));
    }
    case "finish":
    case "reopen": {
      const o = event.outcome;
      if (!o.ok) return record(state, event.at, state.parent?.qr ?? "", "error", o.message);
      const { parent } = o;
      if (event.kind === "finish") {
        return record(state, event.at, parent.qr, "complete", t("scan.machine.finished", sealValues(parent, t)), parent);
      }
      return record(state, event.at, parent.qr, "ok", t("scan.machine.reopened", { qr: parent.qr, ...counts(parent) }), parent);
    }
  }
}

/** How the station routes one scanned string before any server round trip. */
export type ScanRoute =
  | { kind: "parent"; qr: string }
  | { kind: "child"; qr: string; parentQr: string }
  | { kind: "local_error"; qr: string; message: string };

export function routeScan(raw: string, currentParentQr: string | null, t: Words = ENGLISH): ScanRoute {
  const c = classifyQr(raw);
  if (c.kind === "invalid") return { kind: "local_error", qr: displayQr(c.qr), message: invalidQrMessage(c, t) };
  if (c.kind === "parent") return { kind: "parent", qr: c.qr };
  if (!currentParentQr) {
    return { kind: "local_error", qr: c.qr, message: t("scan.machine.childBeforeParent", { child: c.qr }) };
  }
  return { kind: "child", qr: c.qr, parentQr: currentParentQr };
}

/** The station key that arms "Remove a child" (F2 undoes the last one). */
export const REMOVE_KEY = "F4";

/** What a scan does while "Remove a child" is armed: a child label names the child to take off. */
export type RemovalRoute = { kind: "remove"; qr: string; parentQr: string } | { kind: "local_error"; qr: string; message: string };

export function routeRemoval(raw: string, currentParentQr: string | null, t: Words = ENGLISH): RemovalRoute {
  const c = classifyQr(raw);
  if (c.kind === "invalid") return { kind: "local_error", qr: displayQr(c.qr), message: t("scan.machine.removeInvalid", { message: invalidQrMessage(c, t) }) };
  if (!currentParentQr) return { kind: "local_error", qr: c.qr, message: t("scan.machine.removeNoParent") };
  if (c.kind === "parent") {
    return { kind: "local_error", qr: c.qr, message: t("scan.machine.removeParentLabel", { qr: c.qr, parent: currentParentQr, key: REMOVE_KEY }) };
  }
  return { kind: "remove", qr: c.qr, parentQr: currentParentQr };
}
