import { createTranslator, type _Translator } from "next-intl";
import type { Messages } from "@/i18n/messages";
import enBills from "@/messages/en/bills.json";
import type { AddParentResult, BillCounts, BillDetail, BillSnapshot, BillSnapshotResult } from "./dto/bills";
import type { Outcome } from "./dto/outcome";
import { classifyQr, displayQr } from "./qr";
import { ENGLISH, HISTORY_LENGTH, invalidQrMessage, type FeedbackState, type HistoryEntry, type Words } from "./station";

/** The words of the bill pages (the "bills" messages): the station takes `useTranslations("bills")`. */
export type BillWords = _Translator<Messages, "bills">;
/** English, for callers outside React (and the tests, which read the English sentences). */
export const ENGLISH_BILL_WORDS = createTranslator({ locale: "en", messages: { bills: enBills }, namespace: "bills" }) as unknown as BillWords;

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
export function billOutcomeLabels(t: BillWords = ENGLISH_BILL_WORDS) {
  return { ok: t("station.outcome.ok"), duplicate: t("station.outcome.duplicate"), complete: t("station.outcome.complete"), undone: t("station.outcome.undone") } as const;
}

/** Parent bags still to scan before the bill can be completed. */
export function parentsStillNeeded(counts: Pick<BillCounts, "linkedCount" | "capacity">): number {
  return Math.max(0, counts.capacity - counts.linkedCount);
}

const tally = (c: Pick<BillCounts, "linkedCount" | "capacity">) => ({ linked: c.linkedCount, capacity: c.capacity });

/** What the station says before anything is scanned. */
export function readyMessage(s: BillSnapshot, t: BillWords = ENGLISH_BILL_WORDS): string {
  const c = s.counts;
  if (c.status === "completed") return t("station.ready.completed", { billNumber: c.billNumber });
  if (c.linkedCount >= c.capacity) return t("station.ready.full", tally(c));
  return t("station.ready.scan", { billNumber: c.billNumber });
}

export function initialBillStation(snapshot: BillSnapshot, t: BillWords = ENGLISH_BILL_WORDS): BillStationState {
  return { snapshot, feedback: { state: "idle", message: readyMessage(snapshot, t), seq: 0 }, history: [] };
}

type Described = { state: Exclude<FeedbackState, "idle">; qr: string; message: string; replayed?: boolean };

function describeAdd(qr: string, o: AddParentOutcome, t: BillWords): Described {
  if (!o.ok) return { state: "error", qr, message: o.message };
  const { parent: p } = o;
  const c = pickCounts(o);
  if (o.result === "duplicate") {
    return { state: "duplicate", qr: p.qr, message: t("station.duplicate", { qr: p.qr, ...tally(c) }) };
  }
  const contents = t("station.contents", { children: p.childCount, capacity: p.capacity, partial: p.partial ? "yes" : "no" });
  if (c.linkedCount >= c.capacity) {
    return { state: "complete", qr: p.qr, message: t("station.addedLast", { qr: p.qr, contents, ...tally(c) }) };
  }
  return { state: "ok", qr: p.qr, message: t("station.added", { qr: p.qr, contents, ...tally(c) }) };
}

/** The feedback for an event; depends on the event alone, so a station can signal it at once. */
export function describeBillEvent(event: Exclude<BillStationEvent, { kind: "sync" }>, t: BillWords = ENGLISH_BILL_WORDS): Described {
  switch (event.kind) {
    case "local_error":
      return { state: "error", qr: event.qr, message: event.message };
    case "add":
      return describeAdd(event.qr, event.outcome, t);
    case "queued":
      return { state: "queued", qr: event.qr, message: event.message };
    case "replayed_add": {
      const d = describeAdd(event.qr, { ok: true, ...event.result }, t);
      return { ...d, message: t("station.sent", { message: d.message }), replayed: true };
    }
    case "refused":
      return { state: "error", qr: event.qr, message: t("station.notSent", { message: event.message, advice: event.advice }), replayed: true };
    default: {
      const qr = event.kind === "remove" ? event.qr : "";
      const o = event.outcome;
      if (!o.ok) return { state: "error", qr, message: o.message };
      const { counts } = o.snapshot;
      const { billNumber } = counts;
      if (event.kind === "remove") return { state: "undone", qr, message: t("station.removed", { qr, ...tally(counts) }) };
      if (event.kind === "complete") {
        return { state: "complete", qr, message: t("station.completed", { billNumber, ...tally(counts) }) };
      }
      return { state: "ok", qr, message: t("station.reopened", { billNumber }) };
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

export function reduceBillStation(state: BillStationState, event: BillStationEvent, t: BillWords = ENGLISH_BILL_WORDS): BillStationState {
  if (event.kind === "sync") return { ...state, snapshot: event.snapshot };
  const d = describeBillEvent(event, t);
  const seq = state.feedback.seq + 1;
  const entry: HistoryEntry = { id: seq, at: event.at, qr: d.qr, state: d.state, message: d.message, ...(d.replayed ? { replayed: true } : {}) };
  return {
    snapshot: nextSnapshot(state.snapshot, event),
    feedback: { state: d.state, message: d.message, seq },
    history: [entry, ...state.history].slice(0, HISTORY_LENGTH),
  };
}

/** Bills take parent labels only: anything else is refused here, before any round trip. */
export function routeBillScan(
  raw: string,
  t: BillWords = ENGLISH_BILL_WORDS,
  words: Words = ENGLISH,
): { kind: "parent"; qr: string } | { kind: "local_error"; qr: string; message: string } {
  const c = classifyQr(raw);
  if (c.kind === "invalid") return { kind: "local_error", qr: displayQr(c.qr), message: invalidQrMessage(c, words) };
  if (c.kind === "child") return { kind: "local_error", qr: c.qr, message: t("station.childLabel", { qr: c.qr }) };
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
