import { defineRoute } from "@/lib/server/route";
import { getDashboardActivity } from "@/lib/server/stats/activity";

export const dynamic = "force-dynamic";

/** The dashboard's chart, "my scans today" and recent events; area-scoped like /api/stats. */
export const GET = defineRoute({ permission: "dashboard:view" }, (ctx) => getDashboardActivity(ctx.db, ctx.actor));
