import type { BagStatus } from "./domain";

export const PARENT_SPECS = {
  SB: { capacity: 30, expectedWeightKg: 30, label: "mustard (SB)" },
  M444: { capacity: 15, expectedWeightKg: 15, label: "moong (M444)" },
} as const;
export type ParentKind = keyof typeof PARENT_SPECS;

export const CHILD_WEIGHT_KG = 1;
export const MAX_RAW_QR_LENGTH = 256;

export type QrClass =
  | { kind: "parent"; qr: string; parentKind: ParentKind; capacity: 30 | 15; expectedWeightKg: 30 | 15 }
  | { kind: "child"; qr: string }
  | { kind: "invalid"; qr: string; message: string };

const PARENT_SB = /^SB\d{5}$/;
const PARENT_M444 = /^M444-\d{5}$/;
const CHILD = /^[A-Z0-9]{4,20}$/;
// Starts like a parent label: refused rather than silently treated as a child.
const PARENT_LIKE = /^(SB[\d-]|M444)/;
// Control characters, zero-width characters, BOM and non-breaking spaces from scanners.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00a0\u200b-\u200f\u2028-\u202f\u205f-\u206f\ufeff]/g;

// The label printer's QR text, e.g. `LABEL NO.:0016586 LOT NO.:STAR44GG24611, D.O.T.:30/09/2025`
// or `LABEL NO.0016557 …` (reference §2.1, §6.2): the bag's code is the number after "LABEL NO.".
const LABEL_TEXT = /\bLABEL\s*NO\s*(?:\.\s*:?|:)/;
const LABEL_NUMBER = /\bLABEL\s*NO\s*(?:\.\s*:?|:)\s*(\d+)/;

/** Trim, strip control/zero-width characters, uppercase; label printer text becomes its label number. */
export function normalizeQr(raw: string): string {
  const qr = raw.slice(0, MAX_RAW_QR_LENGTH).replace(INVISIBLE, "").trim().toUpperCase();
  return LABEL_NUMBER.exec(qr)?.[1] ?? qr;
}

/** Shows a scanned value safely inside a message (bounded, printable). */
export function displayQr(qr: string): string {
  const printable = qr.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > 24 ? `${printable.slice(0, 24)}…` : printable;
}

/** Routes a scanned QR by pattern: parent label, child label, or a clear refusal. */
export function classifyQr(raw: string): QrClass {
  const qr = normalizeQr(raw);
  if (qr === "") return { kind: "invalid", qr, message: "Nothing was scanned. Scan a bag label." };
  if (LABEL_TEXT.test(qr)) {
    return {
      kind: "invalid",
      qr,
      message: `"${displayQr(qr)}" is label text without a label number after "LABEL NO.". Scan the label again or type the number printed on it.`,
    };
  }
  if (PARENT_SB.test(qr)) return { kind: "parent", qr, parentKind: "SB", capacity: 30, expectedWeightKg: 30 };
  if (PARENT_M444.test(qr)) return { kind: "parent", qr, parentKind: "M444", capacity: 15, expectedWeightKg: 15 };
  if (PARENT_LIKE.test(qr)) {
    return {
      kind: "invalid",
      qr,
      message: `"${displayQr(qr)}" looks like a parent label but is not valid: expected SB + 5 digits (SB12345) or M444- + 5 digits (M444-12345).`,
    };
  }
  if (CHILD.test(qr)) return { kind: "child", qr };
  return {
    kind: "invalid",
    qr,
    message: `"${displayQr(qr)}" is not a bag label: expected a parent (SB12345, M444-12345) or a child of 4–20 letters and digits.`,
  };
}

/**
 * The one rule that maps a parent label to its kind: `M444-…` is moong, everything else mustard.
 * Case-insensitive (stored QRs may predate normalisation); SQL tallies use the same prefix test.
 */
export function parentKindOf(qr: string): ParentKind {
  return qr.toUpperCase().startsWith("M444-") ? "M444" : "SB";
}

export function parentSpecOf(qr: string): (typeof PARENT_SPECS)[ParentKind] {
  return PARENT_SPECS[parentKindOf(qr)];
}

/** pending (0 children) → in_progress → completed (at capacity). */
export function parentStatusFor(childCount: number, capacity: number): BagStatus {
  if (childCount <= 0) return "pending";
  return childCount >= capacity ? "completed" : "in_progress";
}
