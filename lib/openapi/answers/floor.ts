import { z } from "zod";
import { BAG_STATUSES, BAG_TYPES, BILL_STATUSES } from "../../domain";
import { area, count, dateTime, kg, nullable, open, replayed } from "./shared";

// The answers of the packing floor and the bills (DESIGN.md §6).

const StationParent = open({
  qr: z.string(),
  type: z.string(),
  status: z.enum(BAG_STATUSES),
  childCount: count,
  capacity: count,
  finished: nullable(open({ at: dateTime, by: nullable(z.string()), reason: z.string() })),
});

export const ParentScanResult = z.object({ parent: StationParent.extend({ created: z.boolean() }), replayed });
export const ChildScanResult = z.object({
  result: z.enum(["linked", "duplicate"]),
  childQr: z.string(),
  parentQr: z.string(),
  childCount: count,
  capacity: count,
  parentStatus: z.enum(BAG_STATUSES),
  replayed,
});
const afterUnlink = { parentQr: z.string(), childCount: count, capacity: count, parentStatus: z.enum(BAG_STATUSES) };
export const UndoResult = z.object({ undone: z.object({ childQr: z.string() }), ...afterUnlink });
export const RemoveResult = z.object({ removed: z.object({ childQr: z.string() }), ...afterUnlink });
export const SealResult = z.object({ parent: StationParent });

const BagSummary = open({
  qr: z.string(),
  type: z.enum(BAG_TYPES),
  status: z.enum(BAG_STATUSES),
  childCount: count,
  capacity: nullable(count),
  dispatchArea: nullable(area),
  createdAt: dateTime,
  createdBy: nullable(z.string()),
});
export const BagDetail = z.object({
  bag: BagSummary,
  parent: nullable(open({ qr: z.string(), status: z.enum(BAG_STATUSES) })),
  children: z.array(open({ qr: z.string(), linkedAt: dateTime, linkedBy: nullable(z.string()) })),
  bill: nullable(open({ billNumber: z.string(), status: z.enum(BILL_STATUSES) })),
  finished: nullable(open({ at: dateTime, by: nullable(z.string()), reason: z.string() })),
  recentScans: z.array(open({ at: dateTime, action: z.string(), result: z.string(), username: nullable(z.string()), qr: nullable(z.string()), undone: z.boolean() })),
});
export const DeleteBagResult = z.object({
  deleted: open({ qr: z.string(), type: z.enum(BAG_TYPES) }),
  parent: nullable(open({ qr: z.string(), childCount: count, status: z.enum(BAG_STATUSES) })),
  bill: nullable(open({ billNumber: z.string(), linkedCount: count, status: z.enum(BILL_STATUSES) })),
  freedChildren: z.array(z.string()),
  message: z.string(),
});

// ---- bills ----------------------------------------------------------------------------------

const billCounts = {
  billNumber: z.string(),
  status: z.enum(BILL_STATUSES),
  linkedCount: count,
  capacity: count,
  childCount: count,
  actualWeightKg: kg,
  expectedWeightKg: kg,
  varianceKg: kg,
};
export const BillCounts = open(billCounts);
const Bill = open({
  ...billCounts,
  description: nullable(z.string()),
  customer: nullable(z.string()),
  vehicleNumber: nullable(z.string()),
  createdAt: dateTime,
  createdBy: nullable(z.string()),
  completedAt: nullable(dateTime),
});
const ParentOnBill = open({ qr: z.string(), type: z.string(), childCount: count, capacity: count, partial: z.boolean() });
export const BillEnvelope = z.object({ bill: Bill });
export const BillDetail = z.object({ bill: Bill, parents: z.array(ParentOnBill.extend({ addedAt: dateTime, addedBy: nullable(z.string()) })) });
export const BillList = z.object({ bills: z.array(Bill), nextCursor: nullable(z.string()) });
export const AddParentResult = open({ ...billCounts, result: z.enum(["added", "duplicate"]), parent: ParentOnBill, replayed });
export const RemoveParentResult = open({ ...billCounts, result: z.literal("removed"), parentQr: z.string() });
export const DeletedBill = z.object({ deleted: z.object({ billNumber: z.string(), releasedParents: count }) });

const LoadCheck = open({
  id: z.number().int(),
  billNumber: z.string(),
  createdAt: dateTime,
  checkedBy: nullable(z.string()),
  notes: nullable(z.string()),
  expected: count,
  matched: count,
  missing: count,
  extra: count,
  otherBill: count,
  report: open({
    matched: z.array(z.string()),
    missing: z.array(z.string()),
    extra: z.array(z.string()),
    otherBill: z.array(open({ qr: z.string(), billNumber: z.string() })),
    unknown: z.array(z.string()),
    refused: z.array(open({ qr: z.string(), code: z.enum(["invalid_qr", "wrong_type"]), message: z.string() })),
    duplicates: count,
  }),
});
export const LoadCheckEnvelope = z.object({ check: LoadCheck });

export const CustomerPicks = z.object({ customers: z.array(open({ code: z.string(), name: z.string() })) });
