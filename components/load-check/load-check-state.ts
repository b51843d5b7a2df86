import type { LoadCheckCounts, LoadCheckPreview, LoadScanResult } from "@/lib/dto/load-check";
import { LOAD_CHECK_MAX_QRS } from "@/lib/schemas/load-check";
import type { FeedbackState } from "@/lib/station";
import { ENGLISH_LOAD_CHECK_WORDS as ENGLISH, type LoadCheckWords } from "./load-check-format";

// The live load check in the browser: what was scanned, what the server said of each label, and
// the lists and counts that follow. Pure, so the page, its memory and a test can share it.

/** A label that was not counted (a child label, invalid text), with why. */
export interface RefusedScan {
  id: number;
  qr: string;
  message: string;
}

export type CheckFeedbackKind = "idle" | "matched" | "complete" | "extra" | "other_bill" | "duplicate" | "refused" | "error";

export interface CheckFeedback {
  kind: CheckFeedbackKind;
  qr: string;
  message: string;
  seq: number;
}

export interface LoadCheckState {
  billNumber: string;
  /** The bill's parents as far as the page knows (loading order); each answer keeps it current. */
  expected: string[];
  /** Each distinct parent label scanned, in scan order, with the server's verdict. */
  scans: LoadScanResult[];
  /** Labels not counted, newest first (at most MAX_REFUSED kept). */
  refused: RefusedScan[];
  feedback: CheckFeedback;
}

export type LoadCheckEvent =
  | { kind: "answer"; result: LoadScanResult }
  | { kind: "duplicate"; qr: string }
  | { kind: "refused"; qr: string; message: string }
  /** The server could not be asked (offline) or failed: nothing counted, scan again. */
  | { kind: "failed"; qr: string; message: string }
  /** What this tab remembered, put back after a reload (checked again by a preview next). */
  | { kind: "restore"; scans: LoadScanResult[]; refused: RefusedScan[] }
  | { kind: "preview"; preview: LoadCheckPreview }
  | { kind: "reset" };

export const MAX_REFUSED = 100;

/** The lists the page shows, derived from the state. */
export interface LoadCheckView extends LoadCheckCounts {
  matchedQrs: string[];
  missingQrs: string[];
  extraQrs: LoadScanResult[];
  otherBillQrs: LoadScanResult[];
}

export function viewOf(state: Pick<LoadCheckState, "expected" | "scans">): LoadCheckView {
  const matchedQrs = state.scans.filter((s) => s.verdict === "matched").map((s) => s.qr);
  const found = new Set(matchedQrs);
  const missingQrs = state.expected.filter((qr) => !found.has(qr));
  const extraQrs = state.scans.filter((s) => s.verdict === "extra");
  const otherBillQrs = state.scans.filter((s) => s.verdict === "other_bill");
  return {
    expected: state.expected.length,
    matched: matchedQrs.length,
    missing: missingQrs.length,
    extra: extraQrs.length,
    otherBill: otherBillQrs.length,
    matchedQrs,
    missingQrs,
    extraQrs,
    otherBillQrs,
  };
}

export function readyMessage(billNumber: string, expected: number, t: LoadCheckWords = ENGLISH): string {
  return t("state.ready", { billNumber, count: expected });
}

export function initialLoadCheck(billNumber: string, expected: string[], t: LoadCheckWords = ENGLISH): LoadCheckState {
  return { billNumber, expected, scans: [], refused: [], feedback: { kind: "idle", qr: "", message: readyMessage(billNumber, expected.length, t), seq: 0 } };
}

/** The bill's parents after an answer: a matched label is on the bill now, any other is not. */
function expectedAfter(expected: string[], result: LoadScanResult): string[] {
  const listed = expected.includes(result.qr);
  if (result.verdict === "matched") return listed ? expected : [...expected, result.qr];
  return listed ? expected.filter((qr) => qr !== result.qr) : expected;
}

function answerMessage(result: LoadScanResult, billNumber: string, view: LoadCheckView, t: LoadCheckWords): { kind: CheckFeedbackKind; message: string } {
  const { qr } = result;
  if (result.verdict === "matched") {
    if (view.missing === 0) {
      return { kind: "complete", message: t("state.allMatched", { qr, expected: view.expected, billNumber, extras: view.extra + view.otherBill }) };
    }
    return { kind: "matched", message: t("state.matched", { qr, matched: view.matched, expected: view.expected, missing: view.missing }) };
  }
  if (result.verdict === "other_bill") {
    const message = result.otherBillNumber ? t("state.otherBill", { qr, billNumber: result.otherBillNumber }) : t("state.otherBillUnknown", { qr });
    return { kind: "other_bill", message };
  }
  return { kind: "extra", message: result.known ? t("state.extraKnown", { qr }) : t("state.extraUnknown", { qr }) };
}

function withFeedback(state: LoadCheckState, kind: CheckFeedbackKind, qr: string, message: string): LoadCheckState {
  return { ...state, feedback: { kind, qr, message, seq: state.feedback.seq + 1 } };
}

/** The reducer speaking `t`'s language (a plain two-argument reducer, so `events.reduce(…)` works). */
export function loadCheckReducer(t: LoadCheckWords): (state: LoadCheckState, event: LoadCheckEvent) => LoadCheckState {
  return (state, event) => reduce(state, event, t);
}

function reduce(state: LoadCheckState, event: LoadCheckEvent, t: LoadCheckWords): LoadCheckState {
  switch (event.kind) {
    case "answer": {
      const { result } = event;
      if (state.scans.some((s) => s.qr === result.qr)) return withFeedback(state, "duplicate", result.qr, duplicateMessage(result.qr, t));
      const next = { ...state, expected: expectedAfter(state.expected, result), scans: [...state.scans, result] };
      const { kind, message } = answerMessage(result, state.billNumber, viewOf(next), t);
      return withFeedback(next, kind, result.qr, message);
    }
    case "duplicate":
      return withFeedback(state, "duplicate", event.qr, duplicateMessage(event.qr, t));
    case "refused": {
      const entry = { id: state.feedback.seq + 1, qr: event.qr, message: event.message };
      return withFeedback({ ...state, refused: [entry, ...state.refused].slice(0, MAX_REFUSED) }, "refused", event.qr, event.message);
    }
    case "failed":
      return withFeedback(state, "error", event.qr, event.message);
    case "restore": {
      const seq = Math.max(state.feedback.seq, ...event.refused.map((r) => r.id));
      const n = event.scans.length;
      return {
        ...state,
        scans: event.scans,
        refused: event.refused,
        feedback: { kind: "idle", qr: "", message: t("state.restored", { count: n }), seq },
      };
    }
    case "preview": {
      const { preview } = event;
      const next = { ...state, expected: preview.expectedQrs, scans: preview.scans };
      const v = viewOf(next);
      return withFeedback(next, "idle", "", t("state.rechecked", { billNumber: state.billNumber, matched: v.matched, expected: v.expected, missing: v.missing }));
    }
    case "reset":
      return {
        ...initialLoadCheck(state.billNumber, state.expected, t),
        feedback: { kind: "idle", qr: "", message: readyMessage(state.billNumber, state.expected.length, t), seq: state.feedback.seq + 1 },
      };
  }
}

/** The reducer in English (the tests read its sentences). */
export const reduceLoadCheck = loadCheckReducer(ENGLISH);

/** A child label at the truck (the server's words are the same: lib/server/bills/load-check-tally.ts). */
export function childLabelMessage(qr: string, t: LoadCheckWords = ENGLISH): string {
  return t("state.childLabel", { qr });
}

function duplicateMessage(qr: string, t: LoadCheckWords): string {
  return t("state.duplicate", { qr });
}

/** Whether one more label fits in this check (the server takes at most LOAD_CHECK_MAX_QRS). */
export function checkIsFull(state: Pick<LoadCheckState, "scans">): boolean {
  return state.scans.length >= LOAD_CHECK_MAX_QRS - MAX_REFUSED;
}

/** Longest refused label sent with the report (longer invalid text is shown here but not sent). */
const MAX_SENT_REFUSED_CHARS = 40;

/** The labels the report is saved from: every distinct parent, then the refused labels (one a line). */
export function labelsToSave(state: Pick<LoadCheckState, "scans" | "refused">): string {
  const refused = [...new Set(state.refused.map((r) => r.qr))].filter((qr) => qr.length <= MAX_SENT_REFUSED_CHARS && !qr.includes("\n")).reverse();
  return [...state.scans.map((s) => s.qr), ...refused].join("\n");
}

/** The station's sound and flash for a feedback kind (the shared ok / duplicate / error / complete). */
export function signalOf(kind: CheckFeedbackKind): Exclude<FeedbackState, "idle"> | null {
  switch (kind) {
    case "matched":
      return "ok";
    case "complete":
      return "complete";
    case "duplicate":
      return "duplicate";
    case "idle":
      return null;
    default:
      return "error";
  }
}
