// Every /api path no route claims answers the JSON contract's 404, whatever the method (Next
// prefers any static or dynamic segment over this catch-all, so real routes are not shadowed).
// Constant and cheap: no session, no database, no limit to count.
export const dynamic = "force-dynamic";

function notFound(): Response {
  return Response.json(
    { error: { code: "not_found", message: "There is no API endpoint at this address." } },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  );
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
