import "server-only";
import { sql } from "drizzle-orm";
import { selectRows, type Db } from "@/db/client";

// Someone feeding the gate forged or garbage passes: 10 invalid payloads within a minute from one
// address raise a warning on /admin/health (and in GET /api/system_health). Read from the audit
// rows every refused scan writes (indexed by action and time), so every instance sees the same
// and the warning clears by itself a minute after the attempts stop.

export const INVALID_SCAN_WINDOW_S = 60;
export const INVALID_SCAN_THRESHOLD = 10;

export type InvalidScanSource = {
  ip: string;
  count: number;
};

/** Addresses with at least `threshold` invalid_pass scans in the minute before `now`, most first. */
/**
 * `now` is whole milliseconds and the rows' times are microseconds: the window runs to the end of
 * `now`'s millisecond, or a scan written in that same millisecond would be missed (the tenth of a
 * burst, read at once, left the warning green now and then).
 */
export async function invalidScanSources(db: Db, now = Date.now(), threshold = INVALID_SCAN_THRESHOLD): Promise<InvalidScanSource[]> {
  const since = new Date(now - INVALID_SCAN_WINDOW_S * 1000).toISOString();
  const until = new Date(now).toISOString();
  return selectRows<InvalidScanSource>(
    db,
    sql`select coalesce(ip, 'unknown') as ip, count(*)::int as count
        from audit_log
        where action = 'gate_scan' and created_at > ${since}::timestamptz and created_at < ${until}::timestamptz + interval '1 millisecond'
          and details->>'result' = 'invalid_pass'
        group by coalesce(ip, 'unknown')
        having count(*) >= ${threshold}
        order by count(*) desc, 1
        limit 20`,
  );
}
