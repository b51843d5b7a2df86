import { NextResponse } from "next/server";
import { ScanChildInput } from "@/lib/schemas/scan";
import { requireUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { readJsonBody, requestMetaFrom, withErrors } from "@/lib/server/http";
import { scanChild } from "@/lib/server/scan/mutations";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (req: Request) => {
  const user = await requireUser();
  const input = await readJsonBody(req, ScanChildInput);
  const r = await scanChild(getDb(), user, input.parentQr, input.qr, requestMetaFrom(req));
  return NextResponse.json({
    result: r.result,
    childQr: r.childQr,
    parentQr: r.parentQr,
    childCount: r.childCount,
    capacity: r.capacity,
    parentStatus: r.parentStatus,
  });
});
