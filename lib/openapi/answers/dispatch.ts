import { z } from "zod";
import { BILL_STATUSES, PASS_STATES, PASS_STATUSES, RETURN_BAG_STATES, RETURN_TICKET_STATUSES } from "../../domain";
import { LABEL_KINDS } from "../../labels";
import { area, count, dateTime, kg, nullable, open } from "./shared";

// The answers of gate passes, return tickets and label reservations (DESIGN.md §6b).

// ---- gate passes ----------------------------------------------------------------------------

const Pass = open({
  code: z.string(),
  billNumber: z.string(),
  status: z.enum(PASS_STATUSES),
  state: z.enum(PASS_STATES),
  payload: z.string().optional().meta({ description: "The signed QR text; billers and admins only." }),
  driverName: z.string(),
  driverPhone: z.string(),
  coDriverName: nullable(z.string()),
  coDriverPhone: nullable(z.string()),
  vehicleNumber: z.string(),
  notes: nullable(z.string()),
  validFrom: dateTime,
  validUntil: dateTime,
  issuedBy: nullable(z.string()),
  createdAt: dateTime,
  usedAt: nullable(dateTime),
  usedBy: nullable(z.string()),
  revokedAt: nullable(dateTime),
  revokeReason: nullable(z.string()),
  bill: open({ billNumber: z.string(), status: z.enum(BILL_STATUSES), linkedCount: count, capacity: count }),
});
export const PassEnvelope = z.object({ pass: Pass });
export const PassList = z.object({ passes: z.array(Pass), nextCursor: nullable(z.string()) });
export const GateAdmitted = z.object({ result: z.literal("admitted"), pass: Pass });

// ---- return tickets -------------------------------------------------------------------------

const Ticket = open({
  code: z.string().meta({ description: "RTN-YYYYMMDD-NNNN" }),
  status: z.enum(RETURN_TICKET_STATUSES),
  area,
  notes: nullable(z.string()),
  bagsCount: count,
  childCount: count,
  weightKg: kg,
  createdBy: nullable(z.string()),
  createdAt: dateTime,
  updatedAt: dateTime,
  closedAt: nullable(dateTime),
  closedBy: nullable(z.string()),
});
const ReturnBag = open({
  qr: z.string(),
  billNumber: z.string(),
  childCount: count,
  weightKg: kg,
  state: z.enum(RETURN_BAG_STATES),
  scannedBy: nullable(z.string()),
  scannedAt: dateTime,
});
export const TicketEnvelope = z.object({ ticket: Ticket });
export const TicketDetail = z.object({ ticket: Ticket, bags: z.array(ReturnBag) });
export const TicketList = z.object({ tickets: z.array(Ticket), nextCursor: nullable(z.string()) });
export const ReturnScanResult = z.object({
  result: z.literal("returned"),
  qr: z.string(),
  bill: open({ billNumber: z.string(), linkedCount: count, status: z.enum(BILL_STATUSES) }),
  ticket: open({ code: z.string(), bagsCount: count, weightKg: kg }),
  bag: ReturnBag,
});

// ---- labels, imports, exports ---------------------------------------------------------------

const Reservation = open({
  id: z.number().int(),
  kind: z.enum(LABEL_KINDS),
  first: z.string(),
  last: z.string(),
  count: count,
  firstNumber: z.number().int(),
  createdAt: dateTime,
  reservedBy: nullable(z.string()),
  note: nullable(z.string()),
});
export const ReservationEnvelope = z.object({ reservation: Reservation });
export const ReservationList = z.object({ reservations: z.array(Reservation) });
