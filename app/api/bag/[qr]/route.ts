import { NextResponse } from "next/server";
import { displayQr, normalizeQr } from "@/lib/qr";
import { requireUser } from "@/lib/server/auth/guards";
import { getBagDetail } from "@/lib/server/bags/queries";
import { getDb } from "@/lib/server/db";
import { NotFoundError } from "@/lib/server/errors";
import { withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (_req: Request, ctx: { params: Promise<{ qr: string }> }) => {
  const user = await requireUser();
  const { qr } = await ctx.params;
  const detail = await getBagDetail(getDb(), user, qr);
  // Unknown and another area's bags get the same answer, so a dispatcher learns nothing.
  if (!detail) throw new NotFoundError(`No bag ${displayQr(normalizeQr(qr))} was found.`, "bag_not_found");
  return NextResponse.json(detail, { headers: { "Cache-Control": "no-store" } });
});
