import { saveLoadCheck } from "@/lib/server/bills/load-check";
import { requireLastLoadCheck } from "@/lib/server/bills/load-check-queries";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

type BillPath = { billNumber: string };

/** The bill's newest load check with its report → {check}; 404 bill_not_found, or no_check when none was saved. */
export const GET = defineRoute<BillPath>({ permission: "bills:view" }, async (ctx, { params }) => requireLastLoadCheck(ctx, params.billNumber));

/** {qrs: string[] (≤ 1000), notes?} → 201 {check}: recomputed against the bill's parents now, saved and audited. */
export const POST = defineRoute<BillPath>({ permission: "bills:check" }, async (ctx, { json }) => saveLoadCheck(ctx, await json()), { status: 201 });
