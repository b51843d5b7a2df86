import { firstValues } from "@/lib/schemas/filters";
import { BillListFilters } from "@/lib/schemas/bills";
import { createBill } from "@/lib/server/bills/mutations";
import { listBills } from "@/lib/server/bills/queries";
import { defineRoute } from "@/lib/server/route";
import { parseInput } from "@/lib/server/validation";

export const dynamic = "force-dynamic";

/** ?q=<number prefix>&status=&from=YYYY-MM-DD&to=&user=<creator>&after=<cursor>&limit= */
export const GET = defineRoute({ permission: "bills:view" }, async (ctx, { req }) => {
  // A bad choice (status, dates, cursor) is dropped; bad text (user) is a 400 naming it.
  const page = await listBills(ctx.db, parseInput(BillListFilters, firstValues(new URL(req.url).searchParams)));
  return { bills: page.rows, nextCursor: page.nextCursor };
});

export const POST = defineRoute({ permission: "bills:manage" }, async (ctx, { json }) => ({ bill: await createBill(ctx, await json()) }), { status: 201 });
