import { addParentToBill } from "@/lib/server/bills/parents";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = defineRoute<{ billNumber: string }>({ permission: "bills:manage" }, async (ctx, { json }) => addParentToBill(ctx, await json()));
