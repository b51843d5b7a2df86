import type { BagStatus } from "../domain";
import type { ParentKind } from "../qr";

// The scan station's answers: what the verbs return, the JSON routes send and the station's
// server actions hand the browser (as Outcome<…>). One definition each.

/** A parent as the station shows it. */
export interface StationParent {
  qr: string;
  type: ParentKind;
  status: BagStatus;
  childCount: number;
  capacity: number;
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
