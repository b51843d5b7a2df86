import { NextResponse } from "next/server";
import { UpdateBillJson } from "@/lib/schemas/bills";
import { requirePermission } from "@/lib/server/auth/guards";
import { deleteBill, updateBill } from "@/lib/server/bills/mutations";
import { getBill } from "@/lib/server/bills/queries";
import { billNotFound, decodeSegment } from "@/lib/server/bills/shared";
import { getDb } from "@/lib/server/db";
import { readJsonBody, requestMetaFrom, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ billNumber: string }> };

export const GET = withErrors(async (_req: Request, { params }: Ctx) => {
  await requirePermission("bills:view");
  const billNumber = decodeSegment((await params).billNumber);
  const detail = await getBill(getDb(), billNumber);
  if (!detail) throw billNotFound(billNumber);
  return NextResponse.json(detail, { headers: { "Cache-Control": "no-store" } });
});

export const PATCH = withErrors(async (req: Request, { params }: Ctx) => {
  const user = await requirePermission("bills:manage");
  const billNumber = decodeSegment((await params).billNumber);
  const input = await readJsonBody(req, UpdateBillJson);
  const bill = await updateBill(getDb(), user, billNumber, input, requestMetaFrom(req));
  return NextResponse.json({ bill });
});

export const DELETE = withErrors(async (req: Request, { params }: Ctx) => {
  const user = await requirePermission("bills:delete");
  const billNumber = decodeSegment((await params).billNumber);
  const deleted = await deleteBill(getDb(), user, billNumber, requestMetaFrom(req));
  return NextResponse.json({ deleted });
});
