import { NextResponse } from "next/server";
import { CreateBillJson, parseBillListFilters } from "@/lib/schemas/bills";
import { requirePermission } from "@/lib/server/auth/guards";
import { createBill } from "@/lib/server/bills/mutations";
import { listBills } from "@/lib/server/bills/queries";
import { getDb } from "@/lib/server/db";
import { readJsonBody, requestMetaFrom, withErrors } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** ?q=<number prefix>&status=&from=YYYY-MM-DD&to=&user=<creator>&after=<cursor>&limit= */
export const GET = withErrors(async (req: Request) => {
  await requirePermission("bills:view");
  const page = await listBills(getDb(), parseBillListFilters(new URL(req.url).searchParams));
  return NextResponse.json({ bills: page.rows, nextCursor: page.nextCursor }, { headers: { "Cache-Control": "no-store" } });
});

export const POST = withErrors(async (req: Request) => {
  const user = await requirePermission("bills:manage");
  const input = await readJsonBody(req, CreateBillJson);
  const bill = await createBill(getDb(), user, input, requestMetaFrom(req));
  return NextResponse.json({ bill }, { status: 201 });
});
