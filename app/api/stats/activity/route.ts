import { NextResponse } from "next/server";
import { requirePermission } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { withErrors } from "@/lib/server/http";
import { getDashboardActivity } from "@/lib/server/stats/activity";

export const dynamic = "force-dynamic";

/** The dashboard's chart, "my scans today" and recent events; area-scoped like /api/stats. */
export const GET = withErrors(async () => {
  const user = await requirePermission("dashboard:view");
  const activity = await getDashboardActivity(getDb(), user);
  return NextResponse.json(activity, { headers: { "Cache-Control": "private, no-store" } });
});
