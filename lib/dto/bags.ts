import type { BagStatus, BagType, BillStatus, DispatchArea } from "../domain";
import type { ParentKind } from "../qr";
import type { ParentSeal } from "./scan";

// The bag reads' answers: what lib/server/bags returns, GET /api/bag/{qr} sends and the bag
// pages render. One definition each.

/** What every bag answer says about the bag itself. */
export interface BagSummary {
  qr: string;
  type: BagType;
  status: BagStatus;
  childCount: number;
  capacity: number | null;
  dispatchArea: DispatchArea | null;
  createdAt: Date;
  createdBy: string | null;
}

/** One row of the bag list (/bags). */
export interface BagListRow extends BagSummary {
  parentQr: string | null;
  /** A parent finished below capacity (shown "Finished", not "Complete"). */
  finished: boolean;
}

export interface BagListPage {
  rows: BagListRow[];
  /** Cursor of the last row when another page follows, for `?after=`. */
  nextCursor: string | null;
  /** Cursor of the first row when newer rows precede this page, for `?before=`. */
  prevCursor: string | null;
}

/**
 * How many bags a list holds, as cheaply as it can be told: exact up to a cap, "more than" the
 * cap for a filtered list, "about" the planner's row estimate for the whole table.
 */
export type BagCount = { kind: "exact"; n: number } | { kind: "more_than"; n: number } | { kind: "about"; n: number };

/** A child packed in a parent, in packing order. */
export interface BagChild {
  qr: string;
  linkedAt: Date;
  linkedBy: string | null;
}

/** One scan event of a bag; undone events stay listed, marked. */
export interface BagScanEvent {
  at: Date;
  action: string;
  result: string;
  username: string | null;
  qr: string | null;
  undone: boolean;
}

/** GET /api/bag/{qr} and the bag detail page. */
export interface BagDetail {
  bag: BagSummary & { parentKind?: ParentKind };
  parent: { qr: string; status: BagStatus } | null;
  children: BagChild[];
  bill: { billNumber: string; status: BillStatus } | null;
  /** A parent finished below capacity ("Finish at n"): when, by whom, why; null otherwise. */
  finished: ParentSeal | null;
  recentScans: BagScanEvent[];
}

/** A close match offered by /lookup. */
export interface LookupMatch {
  qr: string;
  type: BagType;
  status: BagStatus;
  dispatchArea: DispatchArea | null;
}

/** DELETE /api/bag/{qr}: what went, and what it changed around it. */
export interface DeleteBagResult {
  deleted: { qr: string; type: BagType };
  /** A child's parent after the child left it (its count and status); null when it was in none. */
  parent: { qr: string; childCount: number; status: BagStatus } | null;
  /** The bill a deleted parent was on, after it left; null when none. */
  bill: { billNumber: string; linkedCount: number; status: BillStatus } | null;
  /** A deleted parent's children, now in no parent (the bags themselves stay). */
  freedChildren: string[];
  /** One sentence saying all of the above. */
  message: string;
}
