import { passListCsvResponse } from "@/lib/server/passes/csv";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** The pass list's filters (?q=&status=&from=&to=) → the whole filtered list as CSV, newest first. */
export const GET = defineRoute({ permission: "passes:manage" }, async (ctx, { req }) => passListCsvResponse(ctx, new URL(req.url).searchParams));
