import { revokeApiToken } from "@/lib/server/tokens/manage";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Revokes the token → 204 (again for a revoked one); 404 `token_not_found`. */
export const DELETE = defineRoute<{ id: string }>({ permission: "tokens:manage" }, async (ctx, { params }) => {
  await revokeApiToken(ctx, params);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
