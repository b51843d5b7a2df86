import { firstValues } from "@/lib/schemas/filters";
import { listPortalBills } from "@/lib/server/portal/list";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** ?q=&customer=C0007&status=&from=YYYY-MM-DD&to=&sort=<column>&dir=asc|desc&cursor=<nextCursor>&limit=25|50|100&as=<account id> → {rows, total, nextCursor} */
export const GET = defineRoute({ permission: "portal:view", gate: { allowCustomer: true } }, async (ctx, { req }) =>
  listPortalBills(ctx, firstValues(new URL(req.url).searchParams)),
);
