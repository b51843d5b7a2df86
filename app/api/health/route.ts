import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/server/ops/health";

export const dynamic = "force-dynamic";

// Public by design (load balancers); reveals no data, only component status.
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, {
    status: health.status === "down" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}
