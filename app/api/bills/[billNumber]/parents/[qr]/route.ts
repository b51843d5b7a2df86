import { removeParentFromBill } from "@/lib/server/bills/parents";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

// DELETE cannot be sent cross-site without a CORS preflight, so no body or Origin check is needed.
export const DELETE = defineRoute<{ billNumber: string; qr: string }>({ permission: "bills:manage" }, async (ctx, { params }) =>
  removeParentFromBill(ctx, params),
);
