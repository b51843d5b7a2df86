import { parseBillListFilters } from "@/lib/schemas/bills";
import { createBill } from "@/lib/server/bills/mutations";
import { listBills } from "@/lib/server/bills/queries";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** ?q=<number prefix>&status=&from=YYYY-MM-DD&to=&user=<creator>&after=<cursor>&limit= */
export const GET = defineRoute({ permission: "bills:view" }, async (ctx, { req }) => {
  const page = await listBills(ctx.db, parseBillListFilters(new URL(req.url).searchParams));
  return { bills: page.rows, nextCursor: page.nextCursor };
});

export const POST = defineRoute({ permission: "bills:manage" }, async (ctx, { json }) => ({ bill: await createBill(ctx, await json()) }), { status: 201 });
