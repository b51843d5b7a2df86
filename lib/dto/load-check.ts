// The load check at the truck: what one scan answers, and the saved report of a whole check.

/** Where a scanned parent stands against the bill being loaded. */
export type LoadVerdict =
  /** On this bill: it belongs on this truck. */
  | "matched"
  /** On no bill, or a label not in the system: it should not be on this truck. */
  | "extra"
  /** On another bill: it belongs on another truck. */
  | "other_bill";

/** One scanned parent label, classified against the bill (the live page's answer, and each line of a preview). */
export interface LoadScanResult {
  qr: string;
  verdict: LoadVerdict;
  /** The bill it is on, when that is another bill. */
  otherBillNumber: string | null;
  /** A parent bag the system knows (false: a label never scanned into the system). */
  known: boolean;
}

/** A scanned label that is not a parent label: not counted, with the reason. */
export interface LoadCheckRefusal {
  qr: string;
  code: "invalid_qr" | "wrong_type";
  message: string;
}

/** The lists of a check. `matched`, `extra`, `otherBill` in scan order; `missing` in loading order. */
export interface LoadCheckReport {
  matched: string[];
  missing: string[];
  extra: string[];
  otherBill: { qr: string; billNumber: string }[];
  /** The extras the system does not know at all (a subset of `extra`). */
  unknown: string[];
  /** Labels refused (child labels, invalid text): not counted. */
  refused: LoadCheckRefusal[];
  /** Scans dropped because the same label was scanned before in this check. */
  duplicates: number;
}

/** matched + missing = expected (the bill's parents when the check was saved). */
export interface LoadCheckCounts {
  expected: number;
  matched: number;
  missing: number;
  extra: number;
  otherBill: number;
}

/** A saved check with its report (POST/GET /api/bills/[billNumber]/check, the report page). */
export interface LoadCheckDto extends LoadCheckCounts {
  id: number;
  billNumber: string;
  createdAt: Date;
  /** Who checked (username); null once that account is gone. */
  checkedBy: string | null;
  notes: string | null;
  report: LoadCheckReport;
}

export interface SavedLoadCheck {
  check: LoadCheckDto;
}

/** The newest check of a bill as the bill page and the dispatch sheet show it (no lists). */
export interface LoadCheckSummary extends LoadCheckCounts {
  id: number;
  createdAt: Date;
  checkedBy: string | null;
}

/** A list classified again without saving (the check page after a reload). */
export interface LoadCheckPreview {
  billNumber: string;
  /** The bill's parents now, in loading order. */
  expectedQrs: string[];
  /** Each distinct parent label, in scan order. */
  scans: LoadScanResult[];
  refused: LoadCheckRefusal[];
}
