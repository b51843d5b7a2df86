import type { AddParentResult, BillCounts, BillDetail, BillSnapshot, BillSnapshotResult } from "./dto/bills";
import type { Outcome } from "./dto/outcome";
import { classifyQr, displayQr } from "./qr";
import { HISTORY_LENGTH, type FeedbackState, type HistoryEntry } from "./station";

/** What the add action answers: the verb's own answer (POST /api/bills/[billNumber]/parents). */
export type AddParentOutcome = Outcome<AddParentResult>;
/** Remove, complete and reopen answer with the whole bill as it now is. */
export type BillSnapshotOutcome = Outcome<BillSnapshotResult>;

export interface BillStationState {
  snapshot: BillSnapshot;
  feedback: { state: FeedbackState; message: string; seq: number };
  history: HistoryEntry[];
}

export type BillStationEvent =
  | { kind: "local_error"; qr: string; message: string; at: number }
  /** `by`: who scanned, shown on a parent the scan put on the bill. */
  | { kind: "add"; qr: string; outcome: AddParentOutcome; at: number; by: string }
  | { kind: "remove"; qr: string; outcome: BillSnapshotOutcome; at: number }
  | { kind: "complete" | "reopen"; outcome: BillSnapshotOutcome; at: number }
  /** The page was rendered again by the server (e.g. after an edit): its data wins. */
  | { kind: "sync"; snapshot: BillSnapshot }
  /** Kept in the offline queue: a provisional answer, the bill unchanged. */
  | { kind: "queued"; qr: string; message: string; at: number }
  /** The server's answer to a parent sent later from the offline queue. */
  | { kind: "replayed_add"; qr: string; result: AddParentResult; at: number; by: string }
  /** The server refused a queued parent: it went onto the conflict list. */
  | { kind: "refused"; qr: string; message: string; advice: string; at: number };

/** The station's own words for the shared outcome colours and sounds. */
export const BILL_OUTCOME_LABELS = { ok: "OK", duplicate: "Already on bill", complete: "Complete", undone: "Removed" } as const;

/** Parent bags still to scan before the bill can be completed. */
export function parentsStillNeeded(counts: Pick<BillCounts, "linkedCount" | "capacity">): number {
  return Math.max(0, counts.capacity - counts.linkedCount);
}

const tally = (c: Pick<BillCounts, "linkedCount" | "capacity">) => `${c.linkedCount}/${c.capacity}`;

/** What the station says before anything is scanned. */
export function readyMessage(s: BillSnapshot): string {
  const c = s.counts;
  if (c.status === "completed") return `Bill ${c.billNumber} is completed and locked. Reopen it to change it.`;
  if (c.linkedCount >= c.capacity) return `All ${c.capacity} parent bags are on (${tally(c)}). Complete the bill.`;
  return `Scan a parent bag (SB… or M444-…) to put it on bill ${c.billNumber}.`;
}

export function initialBillStation(snapshot: BillSnapshot): BillStationState {
  return { snapshot, feedback: { state: "idle", message: readyMessage(snapshot), seq: 0 }, history: [] };
}

type Described = { state: Exclude<FeedbackState, "idle">; qr: string; message: string; replayed?: boolean };

function describeAdd(qr: string, o: AddParentOutcome): Described {
  if (!o.ok) return { state: "error", qr, message: o.message };
  const { parent: p } = o;
  const c = pickCounts(o);
  if (o.result === "duplicate") {
    return { state: "duplicate", qr: p.qr, message: `${p.qr} is already on this bill — nothing changed (${tally(c)}).` };
  }
  const contents = `${p.childCount}/${p.capacity} children${p.partial ? ", partial" : ""}`;
  if (c.linkedCount >= c.capacity) {
    return { state: "complete", qr: p.qr, message: `${p.qr} added (${contents}). All ${tally(c)} parent bags are on: complete the bill.` };
  }
  return { state: "ok", qr: p.qr, message: `${p.qr} added (${contents}). Bill ${tally(c)}.` };
}

/** The feedback for an event; depends on the event alone, so a station can signal it at once. */
export function describeBillEvent(event: Exclude<BillStationEvent, { kind: "sync" }>): Described {
  switch (event.kind) {
    case "local_error":
      return { state: "error", qr: event.qr, message: event.message };
    case "add":
      return describeAdd(event.qr, event.outcome);
    case "queued":
      return { state: "queued", qr: event.qr, message: event.message };
    case "replayed_add": {
      const d = describeAdd(event.qr, { ok: true, ...event.result });
      return { ...d, message: `Sent: ${d.message}`, replayed: true };
    }
    case "refused":
      return { state: "error", qr: event.qr, message: `Not sent: ${event.message} ${event.advice}`, replayed: true };
    default: {
      const qr = event.kind === "remove" ? event.qr : "";
      const o = event.outcome;
      if (!o.ok) return { state: "error", qr, message: o.message };
      const { counts } = o.snapshot;
      const { billNumber } = counts;
      if (event.kind === "remove") return { state: "undone", qr, message: `${qr} removed from the bill — ${tally(counts)}.` };
      if (event.kind === "complete") {
        return { state: "complete", qr, message: `Bill ${billNumber} completed with ${tally(counts)} parent bags. It is now locked.` };
      }
      return { state: "ok", qr, message: `Bill ${billNumber} reopened: bags can be added and removed again.` };
    }
  }
}

function nextSnapshot(s: BillSnapshot, event: Exclude<BillStationEvent, { kind: "sync" }>): BillSnapshot {
  if (event.kind === "queued" || event.kind === "refused") return s;
  if (event.kind === "replayed_add") return nextSnapshot(s, { kind: "add", qr: event.qr, outcome: { ok: true, ...event.result }, at: event.at, by: event.by });
  if (event.kind === "local_error" || !event.outcome.ok) return s;
  if (event.kind !== "add") return event.outcome.snapshot;
  const { parent, result } = event.outcome;
  const counts = pickCounts(event.outcome);
  const known = s.parents.some((p) => p.qr === parent.qr);
  // Who put on a parent found already on the bill is not known here; the next snapshot says.
  const row = { ...parent, addedAt: new Date(event.at), addedBy: result === "added" ? event.by : null };
  return {
    ...s,
    counts,
    completedAt: counts.status === "completed" ? s.completedAt : null,
    parents: known ? s.parents : [row, ...s.parents],
  };
}

export function reduceBillStation(state: BillStationState, event: BillStationEvent): BillStationState {
  if (event.kind === "sync") return { ...state, snapshot: event.snapshot };
  const d = describeBillEvent(event);
  const seq = state.feedback.seq + 1;
  const entry: HistoryEntry = { id: seq, at: event.at, qr: d.qr, state: d.state, message: d.message, ...(d.replayed ? { replayed: true } : {}) };
  return {
    snapshot: nextSnapshot(state.snapshot, event),
    feedback: { state: d.state, message: d.message, seq },
    history: [entry, ...state.history].slice(0, HISTORY_LENGTH),
  };
}

/** Bills take parent labels only: anything else is refused here, before any round trip. */
export function routeBillScan(raw: string): { kind: "parent"; qr: string } | { kind: "local_error"; qr: string; message: string } {
  const c = classifyQr(raw);
  if (c.kind === "invalid") return { kind: "local_error", qr: displayQr(c.qr), message: c.message };
  if (c.kind === "child") {
    return {
      kind: "local_error",
      qr: c.qr,
      message: `${c.qr} is a child label. Bills take parent bags: scan the parent label (SB12345 or M444-12345).`,
    };
  }
  return { kind: "parent", qr: c.qr };
}

/** A bill's counts out of any answer that carries them (a bill, an add's answer). */
export function pickCounts(c: BillCounts): BillCounts {
  const { billNumber, status, linkedCount, capacity, childCount, actualWeightKg, expectedWeightKg, varianceKg } = c;
  return { billNumber, status, linkedCount, capacity, childCount, actualWeightKg, expectedWeightKg, varianceKg };
}

/** A bill read on the server (getBill) → the station's snapshot. */
export function toBillSnapshot({ bill, parents }: BillDetail): BillSnapshot {
  return { counts: pickCounts(bill), completedAt: bill.completedAt, parents };
}
