import { issueApiToken, listApiTokens } from "@/lib/server/tokens/manage";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** → {tokens}: every token with its status, issuer and last use; never a secret or hash. */
export const GET = defineRoute({ permission: "tokens:manage" }, async (ctx) => ({ tokens: await listApiTokens(ctx) }));

/** {name, role, area?, expiresAt?} → 201 {token: "tt_…" (shown once), id, prefix} */
export const POST = defineRoute({ permission: "tokens:manage" }, async (ctx, { json }) => issueApiToken(ctx, await json()), { status: 201 });
