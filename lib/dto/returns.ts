import type { BillStatus, DispatchArea, ReturnBagState, ReturnTicketStatus } from "../domain";

// Return tickets (IPT) as the verbs return them and the JSON routes send them (DESIGN.md §6b).

export interface ReturnTicketDto {
  /** RTN-YYYYMMDD-NNNN */
  code: string;
  status: ReturnTicketStatus;
  /** The C&F location (a dispatch area). */
  area: DispatchArea;
  notes: string | null;
  bagsCount: number;
  childCount: number;
  /** childCount × CHILD_WEIGHT_KG */
  weightKg: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
}

/** One parent on a ticket, newest first on the ticket page. */
export interface ReturnBagDto {
  qr: string;
  billNumber: string;
  childCount: number;
  weightKg: number;
  state: ReturnBagState;
  scannedBy: string | null;
  scannedAt: Date;
}

/** POST /api/returns/[code]/bags */
export interface ReturnScanResult {
  result: "returned";
  qr: string;
  /** The bill the parent left, as it now is. */
  bill: {
    billNumber: string;
    linkedCount: number;
    status: BillStatus;
    capacity: number;
    linkedBefore: number;
    childCount: number;
    actualWeightKg: number;
    expectedWeightKg: number;
  };
  ticket: { code: string; bagsCount: number; childCount: number; weightKg: number };
  /** The parent as the ticket's list shows it. */
  bag: ReturnBagDto;
}

/** GET /api/returns/[code] */
export interface ReturnTicketDetail {
  ticket: ReturnTicketDto;
  bags: ReturnBagDto[];
}

/** GET /api/returns */
export interface ReturnTicketPage {
  tickets: ReturnTicketDto[];
  nextCursor: string | null;
}

/** One line of a bill's return history (bill_return_events). */
export interface BillReturnEventDto {
  id: number;
  at: Date;
  kind: "returned" | "restored";
  ticketCode: string | null;
  bagQr: string;
  linkedBefore: number;
  linkedAfter: number;
  actualWeightBeforeKg: number;
  actualWeightAfterKg: number;
  expectedWeightBeforeKg: number;
  expectedWeightAfterKg: number;
  by: string | null;
}
