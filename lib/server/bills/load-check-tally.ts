import type { LoadCheckCounts, LoadCheckRefusal, LoadCheckReport, LoadScanResult } from "@/lib/dto/load-check";
import { classifyQr, displayQr } from "@/lib/qr";

// Pure: how the labels scanned at the truck compare with a bill. The database part (which bill
// each parent is on) is read by load-check.ts; everything decided from it is decided here.

/** The scanned labels sorted out: distinct parent labels in scan order, refusals, repeats dropped. */
export interface ScannedLabels {
  parents: string[];
  refused: LoadCheckRefusal[];
  duplicates: number;
}

/** The message for a child label scanned at the truck (the same words as the bill station). */
export function childLabelRefusal(qr: string): string {
  return `${qr} is a child label. A load check counts parent bags: scan the parent label (SB12345 or M444-12345).`;
}

/** Normalizes every label once; a label seen before in this check (parent or not) is a duplicate. */
export function readScannedLabels(raw: readonly string[]): ScannedLabels {
  const seen = new Set<string>();
  const labels: ScannedLabels = { parents: [], refused: [], duplicates: 0 };
  for (const value of raw) {
    const label = classifyQr(value);
    if (seen.has(label.qr)) {
      labels.duplicates += 1;
      continue;
    }
    seen.add(label.qr);
    if (label.kind === "parent") labels.parents.push(label.qr);
    else if (label.kind === "child") labels.refused.push({ qr: label.qr, code: "wrong_type", message: childLabelRefusal(label.qr) });
    else labels.refused.push({ qr: displayQr(label.qr), code: "invalid_qr", message: label.message });
  }
  return labels;
}

/** Where a parent label was found: the bill it is on (null: on none); absent from the map: not in the system. */
export type ParentWhereabouts = ReadonlyMap<string, { billId: number; billNumber: string } | null>;

/** One parent label against the bill `billId`. */
export function verdictOf(qr: string, billId: number, where: ParentWhereabouts): LoadScanResult {
  const found = where.get(qr);
  if (found === undefined) return { qr, verdict: "extra", otherBillNumber: null, known: false };
  if (found === null) return { qr, verdict: "extra", otherBillNumber: null, known: true };
  if (found.billId === billId) return { qr, verdict: "matched", otherBillNumber: null, known: true };
  return { qr, verdict: "other_bill", otherBillNumber: found.billNumber, known: true };
}

/**
 * The report of a check: `billParents` are the bill's parents (loading order) read in the same
 * snapshot as `scans`, so every matched label is one of them and matched + missing = expected.
 */
export function tallyLoadCheck(
  billParents: readonly string[],
  scans: readonly LoadScanResult[],
  labels: Pick<ScannedLabels, "refused" | "duplicates">,
): { counts: LoadCheckCounts; report: LoadCheckReport } {
  const onBill = new Set(billParents.map((qr) => qr.toUpperCase()));
  const matched = scans.filter((s) => s.verdict === "matched" && onBill.has(s.qr)).map((s) => s.qr);
  const found = new Set(matched);
  const report: LoadCheckReport = {
    matched,
    missing: billParents.filter((qr) => !found.has(qr.toUpperCase())),
    extra: scans.filter((s) => s.verdict === "extra").map((s) => s.qr),
    otherBill: scans.flatMap((s) => (s.verdict === "other_bill" && s.otherBillNumber ? [{ qr: s.qr, billNumber: s.otherBillNumber }] : [])),
    unknown: scans.filter((s) => s.verdict === "extra" && !s.known).map((s) => s.qr),
    refused: [...labels.refused],
    duplicates: labels.duplicates,
  };
  const counts: LoadCheckCounts = {
    expected: billParents.length,
    matched: report.matched.length,
    missing: report.missing.length,
    extra: report.extra.length,
    otherBill: report.otherBill.length,
  };
  return { counts, report };
}
