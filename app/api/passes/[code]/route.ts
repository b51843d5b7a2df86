import { getPass } from "@/lib/server/passes/get";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

type PassPath = { code: string };

/** {pass}; the signed payload only for billers and admins. 404 pass_not_found. */
export const GET = defineRoute<PassPath>({ permission: "passes:view" }, async (ctx, { params }) => ({ pass: await getPass(ctx, { code: params.code }) }));
