import { defineRoute } from "@/lib/server/route";
import { getStatsFor } from "@/lib/server/stats/read";

export const dynamic = "force-dynamic";

// Counters, not COUNT(*): one MGET (or this instance's ≤ 2 s copy). Dispatchers get their area.
export const GET = defineRoute({ permission: "dashboard:view" }, (ctx) => getStatsFor(ctx.actor));
