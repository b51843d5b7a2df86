import { revokePass } from "@/lib/server/passes/revoke";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

type PassPath = { code: string };

/** {reason} → {pass} with status "revoked"; 409 pass_used / pass_revoked / pass_expired. */
export const POST = defineRoute<PassPath>({ permission: "passes:manage" }, async (ctx, { json }) => ({ pass: await revokePass(ctx, await json()) }));
