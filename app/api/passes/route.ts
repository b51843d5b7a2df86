import { firstValues } from "@/lib/schemas/filters";
import { issuePass } from "@/lib/server/passes/issue";
import { listPasses } from "@/lib/server/passes/list";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** ?q=<code, vehicle, driver or bill>&status=active|used|expired|revoked&from=YYYY-MM-DD&to=&cursor=<nextCursor> */
export const GET = defineRoute({ permission: "passes:view" }, async (ctx, { req }) => listPasses(ctx, firstValues(new URL(req.url).searchParams)));

/** {billNumber, driverName, driverPhone, coDriverName?, coDriverPhone?, vehicleNumber, validFrom?, validUntil?, notes?} → 201 {pass} */
export const POST = defineRoute({ permission: "passes:manage" }, async (ctx, { json }) => ({ pass: await issuePass(ctx, await json()) }), { status: 201 });
