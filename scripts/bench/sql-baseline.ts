// Baseline: the child scan's transaction written as plain SQL through postgres.js, with the
// app's pool size and the same client concurrency. What the route adds on top is the framework,
// the session lookup, validation, Drizzle and JSON.
import postgres from "postgres";
import { Recorder, type RouteResult } from "./stats";

export interface SqlParent {
  qr: string;
  area: string;
  userId: string;
}

export async function runSqlChildScans(url: string, parents: SqlParent[], concurrency: number, seconds: number, poolMax: number): Promise<RouteResult> {
  const sql = postgres(url, { max: poolMax, onnotice: () => {}, connection: { application_name: "tracetrack-bench" } });
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
        await sql.begin(async (tx) => {
          const [p] = await tx`select id, child_count, capacity, status, dispatch_area from bags where upper(qr) = ${parent.qr} and dispatch_area = ${parent.area} limit 1 for no key update`;
          if (!p) throw new Error(`parent ${parent.qr} missing`);
          if (Number(p.child_count) >= capacity) throw new Error(`parent ${parent.qr} full: the pool of spare parents ran out`);
          await tx`select b.id, l.parent_bag_id from bags b left join links l on l.child_bag_id = b.id where upper(b.qr) = ${qr} limit 1`;
          const [c] = await tx`insert into bags (qr, type, dispatch_area, created_by) values (${qr}, 'child', ${parent.area}, ${parent.userId}) on conflict do nothing returning id`;
          if (!c) throw new Error("child exists");
          await tx`insert into links (parent_bag_id, child_bag_id, created_by) values (${p.id}, ${c.id}, ${parent.userId}) on conflict do nothing returning id`;
          const count = Number(p.child_count) + 1;
          await tx`update bags set child_count = ${count}, status = ${count >= capacity ? "completed" : "in_progress"}, updated_at = now() where id = ${p.id}`;
          await tx`insert into scans (user_id, action, result, qr, parent_bag_id, child_bag_id, dispatch_area) values (${parent.userId}, 'child', 'linked', ${qr}, ${p.id}, ${c.id}, ${parent.area})`;
          await tx`insert into audit_log (action, user_id, actor, entity_type, entity_id, before, after, details) values ('child_linked', ${parent.userId}, 'bench', 'bag', ${String(p.id)}, ${sql.json({ childCount: p.child_count })}, ${sql.json({ childCount: count })}, ${sql.json({ parentQr: parent.qr, childQr: qr })})`;
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
  await sql.end({ timeout: 5 });
  return result;
}
