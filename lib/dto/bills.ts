import type { BillStatus } from "../domain";
import type { ParentKind } from "../qr";

// The bills' answers: what the verbs and reads return, the JSON routes send (DESIGN.md §6 names)
// and the bill pages, actions and station show. One definition each.

/** A bill's counts and weights after a change (complete, reopen; the base of add and remove). */
export interface BillCounts {
  billNumber: string;
  status: BillStatus;
  linkedCount: number;
  capacity: number;
  /** Children inside the linked parents. */
  childCount: number;
  actualWeightKg: number;
  expectedWeightKg: number;
  varianceKg: number;
}

/** A bill as pages and the JSON API show it; weights are computed from its parents. */
export interface BillDto extends BillCounts {
  description: string | null;
  customer: string | null;
  vehicleNumber: string | null;
  createdAt: Date;
  createdBy: string | null;
  completedAt: Date | null;
}

/** A parent bag as a bill shows it. */
export interface ParentOnBill {
  qr: string;
  type: ParentKind;
  childCount: number;
  capacity: number;
  /** Fewer children than the parent holds; still billable. */
  partial: boolean;
}

/** A parent in a bill's list: when and by whom it was put on. */
export interface BillParent extends ParentOnBill {
  addedAt: Date;
  addedBy: string | null;
}

/** GET /api/bills/[billNumber]: the bill and its parents, newest first. */
export interface BillDetail {
  bill: BillDto;
  parents: BillParent[];
}

/** POST /api/bills/[billNumber]/parents. */
export interface AddParentResult extends BillCounts {
  result: "added" | "duplicate";
  parent: ParentOnBill;
}

/** DELETE /api/bills/[billNumber]/parents/[qr]. */
export interface RemoveParentResult extends BillCounts {
  result: "removed";
  parentQr: string;
}

/** DELETE /api/bills/[billNumber] answers `{deleted}` with this. */
export interface DeleteBillResult {
  billNumber: string;
  /** Parents that left the bill with it and can be billed again. */
  releasedParents: number;
}

/** A row of the bill list: the bill without its description. */
export type BillListRow = Omit<BillDto, "description">;

export interface BillListPage {
  rows: BillListRow[];
  /** Cursor of the last row when another page follows, for `?after=`. */
  nextCursor: string | null;
  /** Cursor of the first row when newer rows precede this page, for `?before=`. */
  prevCursor: string | null;
}

/** A bill in the summary report and its CSV. */
export interface BillSummaryRow {
  billNumber: string;
  createdAt: Date;
  createdBy: string | null;
  status: BillStatus;
  capacity: number;
  parentCount: number;
  childCount: number;
  actualWeightKg: number;
  expectedWeightKg: number;
  varianceKg: number;
  /** linked / capacity, 0–100, whole percent. */
  completionPct: number;
}

export interface BillSummary {
  from: string;
  to: string;
  rows: BillSummaryRow[];
  /** More bills than the report holds in the range: rows are the oldest ones. */
  truncated: boolean;
  totals: {
    bills: number;
    byStatus: Record<BillStatus, number>;
    parents: number;
    children: number;
    actualWeightKg: number;
    expectedWeightKg: number;
    varianceKg: number;
  };
}

/** The bill station's view of a bill: the page renders it, remove/complete/reopen answer with it. */
export interface BillSnapshot {
  counts: BillCounts;
  /** Set while completed. */
  completedAt: Date | null;
  /** Newest first. */
  parents: BillParent[];
}

/** What the station's remove, complete and reopen actions answer: the whole bill as it now is. */
export interface BillSnapshotResult {
  snapshot: BillSnapshot;
}
