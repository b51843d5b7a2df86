import "server-only";
import { and, sql } from "drizzle-orm";
import { bags } from "@/db/schema";
import { BagListFilters } from "@/lib/schemas/bags";
import { filterConditions } from "../bags/list";
import { epochMs, readStrictFilters, type ExportDataset } from "./dataset";

/** One bag as the export selects it (times as epoch ms). */
interface BagExportRow extends Record<string, unknown> {
  qr: string;
  type: string;
  status: string;
  child_count: number;
  capacity: number | null;
  dispatch_area: string | null;
  parent_qr: string | null;
  bill_number: string | null;
  created_ms: number;
  created_by: string | null;
}

/**
 * The /bags list's rows, newest first, with its WHERE (filterConditions, area rule included): a
 * child's parent, and the bill a parent (or a child's parent) is on. Status is a parent's packing
 * state ("finished" when sealed below capacity); a child has none.
 */
export const bagsExport: ExportDataset<BagListFilters, BagExportRow> = {
  what: "bags",
  sheet: "Bags",
  columns: [
    { header: "QR", width: 16, kind: "text", value: (r) => r.qr },
    { header: "Type", width: 8, kind: "text", value: (r) => r.type },
    { header: "Status", width: 12, kind: "text", value: (r) => r.status },
    { header: "Children", width: 9, kind: "number", value: (r) => (r.type === "parent" ? r.child_count : null) },
    { header: "Capacity", width: 9, kind: "number", value: (r) => r.capacity },
    { header: "Area", width: 12, kind: "text", value: (r) => r.dispatch_area },
    { header: "Parent QR", width: 16, kind: "text", value: (r) => r.parent_qr },
    { header: "Bill", width: 18, kind: "text", value: (r) => r.bill_number },
    { header: "Created (IST)", width: 17, kind: "time", value: (r) => r.created_ms },
    { header: "Created by", width: 14, kind: "text", value: (r) => r.created_by },
  ],
  readFilters: (params) => readStrictFilters(BagListFilters, params),
  query: (db, actor, filters) => sql`
    select ${bags.qr} as qr, ${bags.type} as type,
           case when ${bags.type} = 'child' then '' when ${bags.finishedAt} is not null then 'finished' else ${bags.status} end as status,
           ${bags.childCount}::int as child_count, ${bags.capacity}::int as capacity, ${bags.dispatchArea} as dispatch_area,
           export_parent.qr as parent_qr, export_bill.bill_number as bill_number,
           ${epochMs(bags.createdAt)} as created_ms, export_creator.username as created_by
      from ${bags}
      left join users as export_creator on export_creator.id = ${bags.createdBy}
      left join bags as export_parent on export_parent.id = ${bags.parentBagId}
      left join bills as export_bill on export_bill.id = ${bags.billId}
     where ${and(...filterConditions(db, actor, filters)) ?? sql`true`}
     order by ${bags.createdAt} desc, ${bags.id} desc`,
};
