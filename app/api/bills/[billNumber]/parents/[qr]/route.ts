import { NextResponse } from "next/server";
import { requirePermission } from "@/lib/server/auth/guards";
import { removeParentFromBill } from "@/lib/server/bills/mutations";
import { decodeSegment } from "@/lib/server/bills/shared";
import { getDb } from "@/lib/server/db";
import { requestMetaFrom, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

// DELETE cannot be sent cross-site without a CORS preflight, so no body or Origin check is needed.
export const DELETE = withErrors(async (req: Request, { params }: { params: Promise<{ billNumber: string; qr: string }> }) => {
  const user = await requirePermission("bills:manage");
  const { billNumber, qr } = await params;
  return NextResponse.json(
    await removeParentFromBill(getDb(), user, decodeSegment(billNumber), decodeSegment(qr), requestMetaFrom(req)),
  );
});
