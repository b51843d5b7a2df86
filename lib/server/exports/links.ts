import "server-only";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { bags, links, users } from "@/db/schema";
import { LinkExportFilters } from "@/lib/schemas/exports";
import { istDayBounds } from "@/lib/time";
import { areaFilter, seesAllAreas } from "../bags/scope";
import { epochMs, readStrictFilters, type ExportDataset } from "./dataset";

const parent = alias(bags, "export_parent");
const child = alias(bags, "export_child");

interface LinkExportRow extends Record<string, unknown> {
  parent_qr: string;
  child_qr: string;
  area: string | null;
  linked_ms: number;
  linked_by: string | null;
}

/** Every parent ← child link, newest first: when (IST days), the parent's area, who linked it. */
export const linksExport: ExportDataset<LinkExportFilters, LinkExportRow> = {
  what: "links",
  sheet: "Links",
  columns: [
    { header: "Parent QR", width: 16, kind: "text", value: (r) => r.parent_qr },
    { header: "Child QR", width: 16, kind: "text", value: (r) => r.child_qr },
    { header: "Area", width: 12, kind: "text", value: (r) => r.area },
    { header: "Linked (IST)", width: 17, kind: "time", value: (r) => r.linked_ms },
    { header: "Linked by", width: 14, kind: "text", value: (r) => r.linked_by },
  ],
  readFilters: (params) => readStrictFilters(LinkExportFilters, params),
  query: (db, actor, f) => {
    const from = f.from ? istDayBounds(f.from) : null;
    const to = f.to ? istDayBounds(f.to) : null;
    const where = and(
      areaFilter(actor, parent.dispatchArea),
      seesAllAreas(actor) && f.area ? eq(parent.dispatchArea, f.area) : undefined,
      from ? gte(links.createdAt, from.start) : undefined,
      to ? lt(links.createdAt, to.end) : undefined,
      f.user ? inArray(links.createdBy, db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, f.user.toLowerCase()))) : undefined,
    );
    return sql`
      select ${parent.qr} as parent_qr, ${child.qr} as child_qr, ${parent.dispatchArea} as area,
             ${epochMs(links.createdAt)} as linked_ms, export_linker.username as linked_by
        from ${links}
        join bags as export_parent on ${parent.id} = ${links.parentBagId}
        join bags as export_child on ${child.id} = ${links.childBagId}
        left join users as export_linker on export_linker.id = ${links.createdBy}
       where ${where ?? sql`true`}
       order by ${links.createdAt} desc, ${links.id} desc`;
  },
};
