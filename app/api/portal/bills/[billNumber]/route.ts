import { readPortalBill } from "@/lib/server/portal/detail";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** ?as=<account id> → {bill, parents}; 404 bill_not_found alike for an unknown bill and another customer's */
export const GET = defineRoute<{ billNumber: string }>({ permission: "portal:view", gate: { allowCustomer: true } }, async (ctx, { req, params }) =>
  readPortalBill(ctx, { billNumber: params.billNumber, as: new URL(req.url).searchParams.get("as") ?? undefined }),
);
