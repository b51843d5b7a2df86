import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { exportStream } from "@/lib/server/exports/stream";
import { ctxOf } from "../support/context";
import { setupTestDb, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";

// 200k bags through both formats, heap sampled after a GC while the file is read. Slow (≈ 20 s),
// so only on request: EXPORTS_MEMORY=1 NODE_OPTIONS=--expose-gc with PostgreSQL.
const db = setupTestDb();
const ROWS = 200_000;
const wanted = usingPostgres && Boolean(process.env.EXPORTS_MEMORY);

describe.skipIf(!wanted)("a 200k-row export (PostgreSQL, EXPORTS_MEMORY=1)", () => {
  it.each(["csv", "xlsx"] as const)("streams %s with the heap flat", async (format) => {
    const [{ n } = { n: 0 }] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bags`);
    if (n < ROWS) {
      await db().rows(sql`insert into bags (qr, type, dispatch_area)
        select 'MEM' || lpad(g::text, 7, '0'), 'child', 'lucknow' from generate_series(1, ${ROWS}) g`);
    }
    const admin = await makeUser(db().db, "admin");
    const file = await exportStream(ctxOf(db().db, admin), "bags", format, new URLSearchParams());
    const reader = file.body.getReader();
    const heapMb: number[] = [];
    let bytes = 0;
    for (let reads = 1; ; reads += 1) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (reads % (format === "csv" ? 4 : 25) === 0) {
        global.gc?.();
        const m = process.memoryUsage();
        heapMb.push(Math.round((m.heapUsed + m.arrayBuffers) / 1e6));
      }
    }
    console.log(`[export bags ${format} 200k] ${bytes} bytes, heap after GC (MB):`, heapMb.join(" "));
    expect(bytes).toBeGreaterThan(ROWS * 20);
    expect(heapMb.length).toBeGreaterThan(5);
    // Measured on 1M rows: the heap after GC stays at one batch's worth (±2 MB for CSV).
    expect(Math.max(...heapMb) - (heapMb[0] ?? 0)).toBeLessThan(25);
  }, 300_000);
});
