import { firstValues } from "@/lib/schemas/filters";
import { portalFilterOptions } from "@/lib/server/portal/options";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** ?customer=C0007&status=&as=<account id> → the cascading filters' choices {customers, statuses, days} */
export const GET = defineRoute({ permission: "portal:view", gate: { allowCustomer: true } }, async (ctx, { req }) =>
  portalFilterOptions(ctx, firstValues(new URL(req.url).searchParams)),
);
