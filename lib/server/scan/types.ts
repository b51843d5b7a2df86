import "server-only";
import type { BagStatus, DispatchArea, Role } from "@/lib/domain";

/** Who scans: a SessionUser satisfies this, so actions and routes pass the user as is. */
export interface ScanActor {
  id: string;
  username: string;
  role: Role;
  dispatchArea: DispatchArea | null;
}

/** Where the request came from, for audit rows. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
}

export interface ParentDto {
  qr: string;
  type: "SB" | "M444";
  status: BagStatus;
  childCount: number;
  capacity: number;
  dispatchArea: DispatchArea | null;
  created: boolean;
}

export interface ChildScanResult {
  result: "linked" | "duplicate";
  childQr: string;
  parentQr: string;
  childCount: number;
  capacity: number;
  parentStatus: BagStatus;
}

export interface UndoResult {
  undone: { childQr: string };
  parentQr: string;
  childCount: number;
  capacity: number;
  parentStatus: BagStatus;
}
