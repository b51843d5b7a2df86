import { NextResponse } from "next/server";
import { EmptyJson } from "@/lib/schemas/bills";
import { requirePermission } from "@/lib/server/auth/guards";
import { reopenBill } from "@/lib/server/bills/mutations";
import { decodeSegment } from "@/lib/server/bills/shared";
import { getDb } from "@/lib/server/db";
import { readJsonBody, requestMetaFrom, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export const POST = withErrors(async (req: Request, { params }: { params: Promise<{ billNumber: string }> }) => {
  const user = await requirePermission("bills:manage");
  const billNumber = decodeSegment((await params).billNumber);
  await readJsonBody(req, EmptyJson);
  return NextResponse.json(await reopenBill(getDb(), user, billNumber, requestMetaFrom(req)));
});
