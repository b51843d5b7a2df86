import { requireBill } from "@/lib/server/bills/detail";
import { deleteBill, updateBill } from "@/lib/server/bills/mutations";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

type BillPath = { billNumber: string };

export const GET = defineRoute<BillPath>({ permission: "bills:view" }, async (ctx, { params }) => requireBill(ctx.db, params.billNumber));

export const PATCH = defineRoute<BillPath>({ permission: "bills:manage" }, async (ctx, { json }) => ({ bill: await updateBill(ctx, await json()) }));

export const DELETE = defineRoute<BillPath>({ permission: "bills:delete" }, async (ctx, { params }) => ({ deleted: await deleteBill(ctx, params) }));
