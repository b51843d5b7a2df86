import { NextResponse } from "next/server";
import { requirePermission } from "@/lib/server/auth/guards";
import { withErrors } from "@/lib/server/http";
import { getSystemHealth } from "@/lib/server/system-health";

export const dynamic = "force-dynamic";

/** Admin only (health:view): components with their lights and the thresholds behind them. */
export const GET = withErrors(async () => {
  await requirePermission("health:view");
  const health = await getSystemHealth();
  return NextResponse.json(health, { headers: { "Cache-Control": "no-store" } });
});
