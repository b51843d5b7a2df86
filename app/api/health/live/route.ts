// Liveness probe: answers without touching the database or Redis (a load balancer restarts an
// instance whose event loop no longer answers; /api/health says whether it can do work).
// Also the benchmark's "bare route handler" baseline: constant JSON through Next's route runtime.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "live" }, { headers: { "Cache-Control": "no-store" } });
}
