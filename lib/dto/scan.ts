import type { BagStatus } from "../domain";
import type { ParentKind } from "../qr";

// The scan station's answers: what the verbs return, the JSON routes send and the station's
// server actions hand the browser (as Outcome<…>). One definition each.

/** A parent sealed below capacity ("Finish at n"): when, by whom (null: a deleted user), why. */
export interface ParentSeal {
  at: Date;
  by: string | null;
  reason: string;
}

/** A parent as the station shows it; `finished` is set while it is sealed below capacity. */
export interface StationParent {
  qr: string;
  type: ParentKind;
  status: BagStatus;
  childCount: number;
  capacity: number;
  finished: ParentSeal | null;
}

/** POST /api/scan/parent. */
export interface ParentScanResult {
  parent: StationParent & { created: boolean };
}

/** POST /api/scan/child. */
export interface ChildScanResult {
  result: "linked" | "duplicate";
  childQr: string;
  parentQr: string;
  childCount: number;
  capacity: number;
  parentStatus: BagStatus;
}

/** POST /api/scan/undo. */
export interface UndoResult {
  undone: { childQr: string };
  parentQr: string;
  childCount: number;
  capacity: number;
  parentStatus: BagStatus;
}

/** POST /api/scan/remove: one chosen child taken off the parent (undo's effects, any position). */
export interface RemoveResult {
  removed: { childQr: string };
  parentQr: string;
  childCount: number;
  capacity: number;
  parentStatus: BagStatus;
}

/** POST /api/scan/finish and /api/scan/reopen: the parent as it now stands. */
export interface SealResult {
  parent: StationParent;
}

/** One child on the station's current parent; `removable` by this actor (own within the window, or any). */
export interface ParentChildRow {
  qr: string;
  linkedAt: Date;
  linkedBy: string | null;
  removable: boolean;
}

/** The station's "Children on this parent" panel: newest first, at most `limit`. */
export interface ParentChildren {
  parentQr: string;
  childCount: number;
  limit: number;
  children: ParentChildRow[];
}
