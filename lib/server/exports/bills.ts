import "server-only";
import { and, sql } from "drizzle-orm";
import { bags, billBags, bills } from "@/db/schema";
import { BillListFilters } from "@/lib/schemas/bills";
import { weighTallies, type Weights } from "@/lib/weights";
import { filterConditions } from "../bills/queries";
import { isM444 } from "../bills/tallies";
import { billCustomerName } from "../customers/resolve";
import { epochMs, readStrictFilters, type ExportDataset } from "./dataset";

interface BillExportRow extends Record<string, unknown> {
  bill_number: string;
  status: string;
  customer: string | null;
  vehicle_number: string | null;
  capacity: number;
  linked_count: number;
  created_ms: number;
  created_by: string | null;
  completed_ms: number | null;
  sb_parents: number;
  sb_children: number;
  m444_parents: number;
  m444_children: number;
  parent_qr: string | null;
  parent_children: number | null;
  parent_added_ms: number | null;
}

/** A bill's weights through the one formula (lib/weights), from its parents counted per kind in SQL. */
function weightsOf(r: BillExportRow): Weights {
  return weighTallies([
    { kind: "SB", parentCount: r.sb_parents, childCount: r.sb_children },
    { kind: "M444", parentCount: r.m444_parents, childCount: r.m444_children },
  ]);
}

/**
 * The /bills list's bills (its filters, newest first), one row per bill and parent on it (oldest
 * added first); a bill without parents is one row with the parent columns empty. The bill's
 * weights are its whole load's, repeated on each of its rows.
 */
export const billsExport: ExportDataset<BillListFilters, BillExportRow> = {
  what: "bills",
  sheet: "Bills",
  columns: [
    { header: "Bill number", width: 18, kind: "text", value: (r) => r.bill_number },
    { header: "Status", width: 11, kind: "text", value: (r) => r.status },
    { header: "Customer", width: 24, kind: "text", value: (r) => r.customer },
    { header: "Vehicle", width: 13, kind: "text", value: (r) => r.vehicle_number },
    { header: "Capacity", width: 9, kind: "number", value: (r) => r.capacity },
    { header: "Parents linked", width: 9, kind: "number", value: (r) => r.linked_count },
    { header: "Child bags", width: 9, kind: "number", value: (r) => weightsOf(r).childCount },
    { header: "Actual kg", width: 9, kind: "number", value: (r) => weightsOf(r).actualKg },
    { header: "Expected kg", width: 9, kind: "number", value: (r) => weightsOf(r).expectedKg },
    { header: "Created (IST)", width: 17, kind: "time", value: (r) => r.created_ms },
    { header: "Created by", width: 14, kind: "text", value: (r) => r.created_by },
    { header: "Completed (IST)", width: 17, kind: "time", value: (r) => r.completed_ms },
    { header: "Parent QR", width: 16, kind: "text", value: (r) => r.parent_qr },
    { header: "Parent children", width: 9, kind: "number", value: (r) => r.parent_children },
    { header: "Parent added (IST)", width: 17, kind: "time", value: (r) => r.parent_added_ms },
  ],
  readFilters: (params) => readStrictFilters(BillListFilters, params),
  query: (db, _actor, filters) => sql`
    select ${bills.billNumber} as bill_number, ${bills.status} as status, ${billCustomerName(bills.customerId)} as customer,
           ${bills.vehicleNumber} as vehicle_number, ${bills.capacity}::int as capacity, ${bills.linkedCount}::int as linked_count,
           ${epochMs(bills.createdAt)} as created_ms, export_creator.username as created_by, ${epochMs(bills.completedAt)} as completed_ms,
           export_tally.sb_parents, export_tally.sb_children, export_tally.m444_parents, export_tally.m444_children,
           export_parent.qr as parent_qr, export_parent.child_count::int as parent_children,
           ${epochMs(sql`export_bill_bag.created_at`)} as parent_added_ms
      from ${bills}
      left join users as export_creator on export_creator.id = ${bills.createdBy}
      left join lateral (
        select (count(*) filter (where not ${isM444}))::int as sb_parents,
               coalesce(sum(${bags.childCount}) filter (where not ${isM444}), 0)::int as sb_children,
               (count(*) filter (where ${isM444}))::int as m444_parents,
               coalesce(sum(${bags.childCount}) filter (where ${isM444}), 0)::int as m444_children
          from ${billBags} join ${bags} on ${bags.id} = ${billBags.bagId}
         where ${billBags.billId} = ${bills.id}
      ) as export_tally on true
      left join bill_bags as export_bill_bag on export_bill_bag.bill_id = ${bills.id}
      left join bags as export_parent on export_parent.id = export_bill_bag.bag_id
     where ${and(...filterConditions(db, filters)) ?? sql`true`}
     order by ${bills.createdAt} desc, ${bills.id} desc, export_bill_bag.created_at, export_bill_bag.id`,
};
