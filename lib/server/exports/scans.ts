import "server-only";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { bags, scans, users } from "@/db/schema";
import { ScanExportFilters } from "@/lib/schemas/exports";
import { istDayBounds } from "@/lib/time";
import { areaFilter, seesAllAreas } from "../bags/scope";
import { epochMs, readStrictFilters, type ExportDataset } from "./dataset";

const parent = alias(bags, "export_parent");
const child = alias(bags, "export_child");

interface ScanExportRow extends Record<string, unknown> {
  at_ms: number;
  username: string | null;
  action: string;
  result: string;
  qr: string | null;
  parent_qr: string | null;
  child_qr: string | null;
  area: string | null;
  undone_ms: number | null;
}

/** The scan history, newest first: when (IST days), who, the station's area; an undone scan says when. */
export const scansExport: ExportDataset<ScanExportFilters, ScanExportRow> = {
  what: "scans",
  sheet: "Scans",
  columns: [
    { header: "Time (IST)", width: 17, kind: "time", value: (r) => r.at_ms },
    { header: "User", width: 14, kind: "text", value: (r) => r.username },
    { header: "Action", width: 8, kind: "text", value: (r) => r.action },
    { header: "Result", width: 16, kind: "text", value: (r) => r.result },
    { header: "QR", width: 16, kind: "text", value: (r) => r.qr },
    { header: "Parent QR", width: 16, kind: "text", value: (r) => r.parent_qr },
    { header: "Child QR", width: 16, kind: "text", value: (r) => r.child_qr },
    { header: "Area", width: 12, kind: "text", value: (r) => r.area },
    { header: "Undone (IST)", width: 17, kind: "time", value: (r) => r.undone_ms },
  ],
  readFilters: (params) => readStrictFilters(ScanExportFilters, params),
  query: (db, actor, f) => {
    const from = f.from ? istDayBounds(f.from) : null;
    const to = f.to ? istDayBounds(f.to) : null;
    const where = and(
      areaFilter(actor, scans.dispatchArea),
      seesAllAreas(actor) && f.area ? eq(scans.dispatchArea, f.area) : undefined,
      from ? gte(scans.createdAt, from.start) : undefined,
      to ? lt(scans.createdAt, to.end) : undefined,
      f.user ? inArray(scans.userId, db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, f.user.toLowerCase()))) : undefined,
    );
    return sql`
      select ${epochMs(scans.createdAt)} as at_ms, export_user.username as username, ${scans.action} as action,
             ${scans.result} as result, ${scans.qr} as qr, ${parent.qr} as parent_qr, ${child.qr} as child_qr,
             ${scans.dispatchArea} as area, ${epochMs(scans.undoneAt)} as undone_ms
        from ${scans}
        left join users as export_user on export_user.id = ${scans.userId}
        left join bags as export_parent on ${parent.id} = ${scans.parentBagId}
        left join bags as export_child on ${child.id} = ${scans.childBagId}
       where ${where ?? sql`true`}
       order by ${scans.createdAt} desc, ${scans.id} desc`;
  },
};
