import { removeParentFromBill } from "@/lib/server/bills/parents";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

// No body: defineRoute still holds the DELETE to the Origin rule of every mutation.
export const DELETE = defineRoute<{ billNumber: string; qr: string }>({ permission: "bills:manage" }, async (ctx, { params }) =>
  removeParentFromBill(ctx, params),
);
