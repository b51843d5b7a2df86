import { getOpenApiDocument } from "@/lib/server/openapi";

export const dynamic = "force-dynamic";

// Public: the API's shape is not a secret. Built once per process from the routes' own schemas.
export function GET() {
  return Response.json(getOpenApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
