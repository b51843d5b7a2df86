import type { DispatchArea, Role } from "../domain";

export type PromotionStatus = "pending" | "approved" | "rejected";

/** One promotion request as its requester sees it on /profile. */
export interface OwnPromotionRequest {
  id: number;
  fromRole: string;
  requestedRole: "biller" | "admin";
  reason: string;
  status: PromotionStatus;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
}

/** The promotion part of /profile: the pending request (if any) and the last decision. */
export interface OwnPromotionState {
  /** Roles the user may ask for now (empty: none, e.g. an admin or a directory account). */
  targets: ("biller" | "admin")[];
  /** Why the form is not offered although the role could ask (a directory account). */
  blocked: string | null;
  pending: OwnPromotionRequest | null;
  lastDecided: OwnPromotionRequest | null;
}

/** One row of /admin/promotions. */
export interface PromotionRow {
  id: number;
  userId: string;
  username: string;
  /** The requester's role and area now (they may have changed since they asked). */
  currentRole: Role;
  dispatchArea: DispatchArea | null;
  fromRole: string;
  requestedRole: "biller" | "admin";
  reason: string;
  status: PromotionStatus;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
}

/** What deciding answers. */
export interface PromotionDecision {
  id: number;
  username: string;
  status: "approved" | "rejected";
  requestedRole: "biller" | "admin";
  /** The requester's mail: sent (or in the outbox), not sent for want of an address, or failed (logged). */
  mail: "sent" | "no_email" | "failed";
}
