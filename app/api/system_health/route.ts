import { getSystemHealth } from "@/lib/server/ops/system-health";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Admin only (health:view): components with their lights and the thresholds behind them. */
export const GET = defineRoute({ permission: "health:view" }, () => getSystemHealth());
