import { billSummaryCsvResponse } from "@/lib/server/bills/csv";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD (IST days, inclusive; default today) → the bill summary as CSV. */
export const GET = defineRoute({ permission: "bills:view" }, async (ctx, { req }) => billSummaryCsvResponse(ctx.db, new URL(req.url).searchParams));
