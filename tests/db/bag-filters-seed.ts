import { sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { DISPATCH_AREAS } from "@/lib/domain";
import { istDay } from "@/lib/time";

// Bags for the filter plans' test (tests/db/bag-filters-explain.test.ts), written set-wise inside
// the database: parents SB…/M444-… (2 % empty, 9 % half full, the rest full) with their children,
// 1 % loose children, 3 % of parents on bills, two dispatchers per area plus one who made 0.1 %,
// over the last 60 days. Rare sets are spread over every area and the whole period, never bunched
// at the newest end, so a plan that walks the newest bags to find them reads far.

export const SEED_DAYS = 60;
const DAY_MS = 86_400_000;

export interface BagFilterSeed {
  bags: number;
  /** A dispatcher in lucknow with ≈ 0.1 % of the bags. */
  rareUser: string;
  /** An IST day a third of the way back, and one two thirds back (YYYY-MM-DD). */
  recentDay: string;
  olderDay: string;
}

const list = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(",")}]::text[]`;

export async function seedBagFilters(handle: DbHandle, totalBags: number): Promise<BagFilterSeed> {
  const parents = Math.round(totalBags / 25);
  const loose = Math.round(totalBags / 100);
  const run = (text: string) => handle.rows(sql.raw(text));
  const areas = list(DISPATCH_AREAS);
  await run(`insert into users (id, name, username, password_hash, role, dispatch_area)
    select 'bf-' || a || '-' || i, 'bf ' || a || ' ' || i, 'bf_' || a || '_' || i, 'x', 'dispatcher', a
      from unnest(${areas}) a, generate_series(1, 2) i
    union all select 'bf-rare', 'bf rare', 'bf_rare', 'x', 'dispatcher', 'lucknow'`);
  await run(`insert into bags (id, qr, type, dispatch_area, status, child_count, capacity, created_by, created_at, updated_at)
    overriding system value
    select g, case when cap = 30 then 'SB' else 'M444-' end || lpad(g::text, 6, '0'), 'parent', area,
           case when cc = 0 then 'pending' when cc = cap then 'completed' else 'in_progress' end, cc, cap,
           case when g % 1000 = 0 then 'bf-rare' else 'bf-' || area || '-' || (1 + (g / 10) % 2) end, at, at
      from (select g, cap, area, at,
                   case when g % 47 = 25 then 0 when g % 11 = 1 then cap / 2 else cap end as cc
              from (select g, case when g % 7 < 2 then 15 else 30 end as cap, (${areas})[g % 10 + 1] as area,
                           now() - interval '1 hour' - interval '1 second' * (${SEED_DAYS * 86_400}::float8 * (${parents} - g) / ${parents}) as at
                      from generate_series(1, ${parents}) g) p) q`);
  await run(`create temp table bf_kids as
    select p.id as parent_id, ${parents} + row_number() over (order by p.id, i) as child_id, p.dispatch_area, p.created_by,
           lpad((p.id * 32 + i)::text, 8, '0') as qr, p.created_at + i * interval '20 seconds' as at
      from bags p cross join lateral generate_series(1, p.child_count) i`);
  // Children go in with their parent, as the links trigger would set it (it then rewrites none).
  await run(`insert into bags (id, qr, type, dispatch_area, created_by, created_at, updated_at, parent_bag_id) overriding system value
    select child_id, qr, 'child', dispatch_area, created_by, at, at, parent_id from bf_kids`);
  await run(`insert into links (parent_bag_id, child_bag_id, created_by, created_at) select parent_id, child_id, created_by, at from bf_kids`);
  await run(`insert into bags (id, qr, type, dispatch_area, created_by, created_at, updated_at) overriding system value
    select m.base + g, 'LC' || lpad(g::text, 7, '0'), 'child', (${areas})[g % 10 + 1], 'bf-' || (${areas})[g % 10 + 1] || '-1', at, at
      from (select max(id) as base from bags) m, generate_series(1, ${loose}) g,
           lateral (select now() - interval '1 second' * (${SEED_DAYS * 86_400}::float8 * g / ${loose}) as at) t`);
  await run(`drop table bf_kids`);
  await run(`select setval(pg_get_serial_sequence('bags', 'id'), (select max(id) from bags))`);
  // Every 29th parent (so every area has some), twenty to a bill: BF-1, BF-2, … in the parents' order.
  await run(`create temp table bf_billed as
    select id as bag_id, (row_number() over (order by id) - 1) / 20 + 1 as bill from bags where type = 'parent' and id % 29 = 7`);
  await run(`insert into bills (bill_number, capacity, status, linked_count)
    select 'BF-' || bill, 20, 'processing', count(*) from bf_billed group by bill order by bill`);
  await run(`insert into bill_bags (bill_id, bag_id) select b.id, x.bag_id from bf_billed x join bills b on b.bill_number = 'BF-' || x.bill`);
  await run(`drop table bf_billed`);
  // As autovacuum leaves a table: statistics, and a visibility map for index-only scans.
  await run(`vacuum (analyze) bags, links, bills, bill_bags, users`);
  const [count] = await handle.rows<{ n: number }>(sql`select count(*)::int as n from bags`);
  const now = Date.now();
  return {
    bags: count?.n ?? 0,
    rareUser: "bf_rare",
    recentDay: istDay(new Date(now - (SEED_DAYS / 3) * DAY_MS)),
    olderDay: istDay(new Date(now - ((2 * SEED_DAYS) / 3) * DAY_MS)),
  };
}
