// A benchmark floor (issue 20): one PostgreSQL round trip through the app's pool and driver
// (`select $1`, a prepared statement like every other) under a constant GET answer. No session.
// The bench prints it beside the routes: each of their round trips costs at least this over the
// bare route.
//
// A route only in builds made with TT_BENCH_PAGES=1 (`npm run bench`), like app/api/bench/post.
import { sql } from "drizzle-orm";
import { getDbHandle } from "@/lib/server/db";

export const dynamic = "force-dynamic";

export async function GET() {
  const [row] = await getDbHandle().rows<{ one: number }>(sql`select ${1}::int as one`);
  return Response.json({ ok: row?.one === 1 }, { headers: { "Cache-Control": "no-store" } });
}
