// A benchmark floor (issue 20): what a JSON POST costs in Next's route runtime before our code
// does anything — the body read through `readJson` (same-origin, media type, bounded, parsed) and
// a constant answer. No session, no database. The child and gate scans are POSTs: the bench
// prints this beside them, so a reader sees how much of their ratio over the bare GET is the
// framework's work on a body.
//
// A route only in builds made with TT_BENCH_PAGES=1 (`npm run bench`): the `.bench.ts` extension
// is in next.config.ts's pageExtensions only then (tests/e2e/production-build.spec.ts).
import { readJson } from "@/lib/server/http";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const body = await readJson(req);
  return Response.json({ ok: typeof body === "object" }, { headers: { "Cache-Control": "no-store" } });
}
