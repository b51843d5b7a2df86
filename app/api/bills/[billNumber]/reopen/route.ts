import { reopenBill } from "@/lib/server/bills/state";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

// The body is `{}` or empty: JSON like every other POST (the CSRF rule), with the bill from the path.
export const POST = defineRoute<{ billNumber: string }>({ permission: "bills:manage" }, async (ctx, { json }) => reopenBill(ctx, await json({ optional: true })));
