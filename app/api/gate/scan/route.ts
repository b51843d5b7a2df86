import { NextResponse } from "next/server";
import { gateScanResponse, scanGatePass } from "@/lib/server/passes/gate-scan";
import { enforceLimit } from "@/lib/server/rate-limit/limiter";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

// POST {payload} or {code, vehicleNumber} (DESIGN.md §6b): 200 admitted; 409 already_used,
// revoked, outside_window (with their details beside code and message); 400 invalid_pass;
// 429 past 120 scans a minute from one IP.
export const POST = defineRoute({ permission: "gate:scan" }, async (ctx, { json }) => {
  await enforceLimit("gate-scan", { ip: ctx.meta.ip });
  const { status, body } = gateScanResponse(await scanGatePass(ctx, await json()));
  return NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });
});
