import { NextResponse } from "next/server";
import { requirePermission } from "@/lib/server/auth/guards";
import { withErrors } from "@/lib/server/http";
import { getStatsFor } from "@/lib/server/stats/read";

export const dynamic = "force-dynamic";

// Counters, not COUNT(*): one MGET (or this instance's ≤ 2 s copy). Dispatchers get their area.
export const GET = withErrors(async () => {
  const user = await requirePermission("dashboard:view");
  const stats = await getStatsFor(user);
  return NextResponse.json(stats, { headers: { "Cache-Control": "private, no-store" } });
});
