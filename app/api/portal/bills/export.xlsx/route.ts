import { portalExportResponse } from "@/lib/server/portal/export";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** The grid's query (q, customer, status, from, to, sort, dir, as) → every row of it as XLSX, in the grid's order. */
export const GET = defineRoute({ permission: "portal:view", gate: { allowCustomer: true } }, async (ctx, { req }) =>
  portalExportResponse(ctx, new URL(req.url).searchParams, "xlsx"),
);
