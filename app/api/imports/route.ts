import { importFromRequest } from "@/lib/server/imports/request";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** multipart: file (.csv/.xlsx), kind=bags|bills|labels, dryRun=true|false, area? (labels), jobId? → {dryRun, summary, rows, …}; 409 import_rejected */
export const POST = defineRoute({ permission: "data:import_export" }, async (ctx, { req }) => importFromRequest(ctx, req));
