import "server-only";
import { and, sql } from "drizzle-orm";
import { auditLog } from "@/db/schema";
import { AuditFilters } from "@/lib/schemas/auth";
import { conditions, numericEntityId } from "../admin/audit-log-queries";
import { epochMs, readStrictFilters, type ExportDataset } from "./dataset";

interface AuditExportRow extends Record<string, unknown> {
  at_ms: number;
  username: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  entity_name: string | null;
  ip: string | null;
  request_id: string | null;
  critical: boolean;
  before: string | null;
  after: string | null;
  details: string | null;
}

/** The /admin/audit viewer's entries (its filters, newest first), snapshots as JSON text. */
export const auditExport: ExportDataset<AuditFilters, AuditExportRow> = {
  what: "audit",
  sheet: "Audit log",
  columns: [
    { header: "Time (IST)", width: 17, kind: "time", value: (r) => r.at_ms },
    { header: "User", width: 14, kind: "text", value: (r) => r.username },
    { header: "Action", width: 22, kind: "text", value: (r) => r.action },
    { header: "Entity type", width: 10, kind: "text", value: (r) => r.entity_type },
    { header: "Entity id", width: 10, kind: "text", value: (r) => r.entity_id },
    { header: "Entity", width: 18, kind: "text", value: (r) => r.entity_name },
    { header: "IP", width: 15, kind: "text", value: (r) => r.ip },
    { header: "Request id", width: 12, kind: "text", value: (r) => r.request_id },
    { header: "Critical", width: 8, kind: "text", value: (r) => (r.critical ? "yes" : "") },
    { header: "Before", width: 40, kind: "text", value: (r) => r.before },
    { header: "After", width: 40, kind: "text", value: (r) => r.after },
    { header: "Details", width: 40, kind: "text", value: (r) => r.details },
  ],
  readFilters: (params) => readStrictFilters(AuditFilters, params),
  query: (_db, _actor, filters) => sql`
    select ${epochMs(auditLog.createdAt)} as at_ms, coalesce(export_actor.username, ${auditLog.actor}) as username,
           ${auditLog.action} as action, ${auditLog.entityType} as entity_type, ${auditLog.entityId} as entity_id,
           coalesce(export_bill.bill_number, export_bag.qr, export_entity_user.username) as entity_name,
           ${auditLog.ip} as ip, ${auditLog.requestId} as request_id, ${auditLog.critical} as critical,
           ${auditLog.before}::text as before, ${auditLog.after}::text as after, ${auditLog.details}::text as details
      from ${auditLog}
      left join users as export_actor on export_actor.id = ${auditLog.userId}
      left join users as export_entity_user on ${auditLog.entityType} = 'user' and export_entity_user.id = ${auditLog.entityId}
      left join bags as export_bag on export_bag.id = ${numericEntityId("bag")}
      left join bills as export_bill on export_bill.id = ${numericEntityId("bill")}
     where ${and(...conditions({ ...filters, after: undefined })) ?? sql`true`}
     order by ${auditLog.createdAt} desc, ${auditLog.id} desc`,
};
