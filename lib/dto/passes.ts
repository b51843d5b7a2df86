import type { BillStatus, PassState, PassStatus } from "../domain";

// The gate passes' answers (DESIGN.md §6b names): what the verbs and reads return, the JSON routes
// send and the pass pages and the gate station show. One definition each.

/** The bill a pass lets out, as the gate compares it with the truck in front of it. */
export interface PassBill {
  billNumber: string;
  status: BillStatus;
  customer: string | null;
  linkedCount: number;
  capacity: number;
  childCount: number;
  actualWeightKg: number;
  expectedWeightKg: number;
}

export interface PassDto {
  code: string;
  billNumber: string;
  /** What the pass is now (the clock included); `state` is what is stored. */
  status: PassStatus;
  state: PassState;
  /** The signed QR text; only for those who may issue and print passes (not the gate). */
  payload?: string;
  driverName: string;
  driverPhone: string;
  coDriverName: string | null;
  coDriverPhone: string | null;
  vehicleNumber: string;
  notes: string | null;
  validFrom: Date;
  validUntil: Date;
  issuedBy: string | null;
  createdAt: Date;
  printCount: number;
  usedAt: Date | null;
  usedBy: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
  bill: PassBill;
}

/** GET /api/passes. */
export interface PassPage {
  passes: PassDto[];
  nextCursor: string | null;
}

/** One line of a pass's history (its audit rows): issued, printed, revoked, each gate scan. */
export interface PassEvent {
  at: Date;
  action: string;
  actor: string | null;
  ip: string | null;
  /** The gate scan's result, a revoke reason, …: already worded for people. */
  summary: string;
}

/** What the gate station shows after a scan; `result` is the API's code or "admitted". */
export type GateScanResult =
  | { result: "admitted"; pass: PassDto }
  | { result: "already_used"; pass: PassDto; usedAt: Date; usedBy: string | null }
  | { result: "revoked"; pass: PassDto }
  | { result: "outside_window"; pass: PassDto; validFrom: Date; validUntil: Date; tooEarly: boolean }
  | { result: "invalid_pass"; message: string };
