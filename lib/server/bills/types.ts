import "server-only";
import type { BillStatus, Role } from "@/lib/domain";
import type { ParentKind } from "@/lib/qr";

/** Who acts on a bill: a SessionUser satisfies this, so actions and routes pass the user as is. */
export interface BillActor {
  id: string;
  username: string;
  role: Role;
}

/** Where the request came from, for audit rows. */
export interface BillRequestMeta {
  ip: string | null;
  requestId: string | null;
}

/** A bill as pages and the JSON API show it; weights are computed from its parents. */
export interface BillDto {
  billNumber: string;
  capacity: number;
  status: BillStatus;
  description: string | null;
  customer: string | null;
  vehicleNumber: string | null;
  linkedCount: number;
  /** Children inside the linked parents. */
  childCount: number;
  createdAt: Date;
  createdBy: string | null;
  completedAt: Date | null;
  actualWeightKg: number;
  expectedWeightKg: number;
  varianceKg: number;
}

export interface BillParentDto {
  qr: string;
  type: ParentKind;
  childCount: number;
  capacity: number;
  /** Fewer children than the parent holds; still billable. */
  partial: boolean;
  addedAt: Date;
  addedBy: string | null;
}

export interface BillDetail {
  bill: BillDto;
  parents: BillParentDto[];
}

/** A bill's counts after a change, for the scan page's counter and the JSON answers. */
export interface BillCounts {
  billNumber: string;
  status: BillStatus;
  linkedCount: number;
  capacity: number;
  childCount: number;
  actualWeightKg: number;
  expectedWeightKg: number;
  varianceKg: number;
}

export interface AddParentResult extends BillCounts {
  result: "added" | "duplicate";
  parent: { qr: string; type: ParentKind; childCount: number; capacity: number; partial: boolean };
}

export interface RemoveParentResult extends BillCounts {
  result: "removed";
  parentQr: string;
}

export interface DeleteBillResult {
  billNumber: string;
  /** Parents that left the bill with it and can be billed again. */
  releasedParents: number;
}
