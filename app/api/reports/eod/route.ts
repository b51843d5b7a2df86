import { firstValues } from "@/lib/schemas/filters";
import { eodSummary } from "@/lib/server/reports/eod";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** ?date=YYYY-MM-DD (IST; default today, never a future day) → the end-of-day summary (reference §2.8 shape). */
export const GET = defineRoute({ permission: "reports:eod" }, async (ctx, { req }) => eodSummary(ctx, firstValues(new URL(req.url).searchParams)));
