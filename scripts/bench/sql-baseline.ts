// Baseline: the child scan's transaction written as plain SQL through postgres.js, with the
// app's pool size and the same client concurrency. What the route adds on top is the framework,
// the session lookup, validation, Drizzle and JSON.
import postgres from "postgres";
import type { CpuByProcess } from "./cpu";
import { Recorder, type RouteResult } from "./stats";

export interface SqlParent {
  qr: string;
  area: string;
  userId: string;
}

export interface SqlRunOptions {
  /** Reach PostgreSQL through its Unix socket, as the app does in the same run. */
  socketDir?: string;
  /** Measures CPU per request between the pool's first and last query (backends that come and go are otherwise missed). */
  meter?: () => (requests: number) => CpuByProcess;
}

export async function runSqlChildScans(url: string, parents: SqlParent[], concurrency: number, seconds: number, poolMax: number, options: SqlRunOptions = {}): Promise<RouteResult> {
  const sql = postgres(url, { max: poolMax, onnotice: () => {}, connection: { application_name: "tracetrack-bench" }, ...(options.socketDir ? { host: options.socketDir } : {}) });
  // Open every pooled connection first, so the measured run neither pays for nor misses them.
  await Promise.all(Array.from({ length: poolMax }, () => sql`select pg_sleep(0.05)`));
  const stopMeter = options.meter?.();
  const rec = new Recorder("child scan SQL (postgres.js)");
  const end = performance.now() + seconds * 1000;
  let seq = 0;
  const capacity = 15;
  const worker = async () => {
    while (performance.now() < end) {
      const n = seq++;
      // Same spread as the route's run: consecutive scans go to different parents.
      const parent = parents[Math.floor(n / (64 * capacity)) * 64 + (n % 64)];
      if (!parent) {
        rec.fail(NaN, "the pool of spare parents ran out");
        break;
      }
      const qr = `5${String(n).padStart(8, "0")}`;
      const t = performance.now();
      try {
        // The statements the app's child scan runs for a new label (lib/server/scan/scan-child.ts).
        await sql.begin(async (tx) => {
          const [p] = await tx`select p.id, p.qr, p.type, p.status, p.child_count, p.capacity, p.dispatch_area,
                                      c.id as child_id, c.type as child_type, c.dispatch_area as child_area,
                                      l.parent_bag_id as holder_id, h.qr as holder_qr, h.dispatch_area as holder_area
                                 from bags p
                                 left join bags c on upper(c.qr) = ${qr}
                                 left join links l on l.child_bag_id = c.id
                                 left join bags h on h.id = l.parent_bag_id
                                where upper(p.qr) = ${parent.qr} and p.dispatch_area = ${parent.area}
                                limit 1
                                  for no key update of p`;
          if (!p) throw new Error(`parent ${parent.qr} missing`);
          if (Number(p.child_count) >= capacity) throw new Error(`parent ${parent.qr} full: the pool of spare parents ran out`);
          if (p.child_id !== null) throw new Error("child exists");
          const [link] = await tx`with child as (
                                    insert into bags (qr, type, dispatch_area, created_by)
                                    values (${qr}, 'child', ${parent.area}, ${parent.userId})
                                    on conflict do nothing returning id)
                                  insert into links (parent_bag_id, child_bag_id, created_by)
                                  select ${p.id}, id, ${parent.userId} from child
                                  returning id, child_bag_id`;
          if (!link) throw new Error("child exists");
          const count = Number(p.child_count) + 1;
          const status = count >= capacity ? "completed" : "in_progress";
          await tx`with counted as (
                     update bags set child_count = ${count}, status = ${status}, updated_at = now() where id = ${p.id}),
                   scanned as (
                     insert into scans (user_id, action, result, qr, parent_bag_id, child_bag_id, dispatch_area)
                     values (${parent.userId}, 'child', 'linked', ${qr}, ${p.id}, ${link.child_bag_id}, ${parent.area}))
                   insert into audit_log (action, user_id, actor, entity_type, entity_id, before, after, details, critical, ip, request_id)
                   values ('child_linked', ${parent.userId}, 'bench', 'bag', ${String(p.id)},
                           ${JSON.stringify({ childCount: p.child_count, status: p.status })}::jsonb,
                           ${JSON.stringify({ childCount: count, status })}::jsonb,
                           ${JSON.stringify({ parentQr: parent.qr, childQr: qr, childId: link.child_bag_id, childCreated: true, linkId: link.id })}::jsonb,
                           false, '127.0.0.1', ${String(n)})`;
        });
        rec.ok(performance.now() - t);
      } catch (err) {
        rec.fail(performance.now() - t, String(err));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const result = rec.result((performance.now() - started) / 1000);
  const cpu = stopMeter?.(result.requests);
  await sql.end({ timeout: 5 });
  return { ...result, cpu };
}
