// Large realistic dataset for benchmarks: `npm run seed:large -- --bags 2000000`.
//   parents SB (cap 30, 15–30 children) and M444 (cap 15, 8–15 children), ~2 % still empty,
//   every link with its scan event, bills (completed, in progress, new), 5 dispatchers per area
//   and 3 billers (password --password), 90 days of history ending now. --bags is the exact
//   number of bag rows. Rows are generated inside PostgreSQL (INSERT … SELECT generate_series),
//   in one transaction, with every constraint and index in place; ANALYZE at the end.
// Needs DATABASE_URL for more than 100,000 bags (the embedded PGlite is refused above that).
import { sql } from "drizzle-orm";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createDb, type DbHandle, type Tx } from "../db/client";
import { DISPATCH_AREAS } from "../lib/domain";
import { hashPassword } from "../lib/server/users/passwords";

export const SEED_PASSWORD = "seed-pass-2024";
export const PGLITE_MAX_BAGS = 100_000;
const CHILDREN_PER_PARENT = 19; // a little over the mean below (≈ 18.8): ~1 % of children stay loose
const SB_BASE = 10_000; // SB10001… and M444-10001…: clear of the demo's SB00001 and of bench labels SB9xxxx
const DAYS = 90;

export interface SeedOptions {
  bags: number;
  password?: string;
  log?: (line: string) => void;
}

export interface SeedSummary {
  parents: number;
  children: number;
  looseChildren: number;
  bills: number;
  scans: number;
  users: { dispatchers: { username: string; id: string; area: string }[]; billers: { username: string; id: string }[] };
  seconds: number;
}

const list = (values: readonly string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]::text[]`;

async function exec(tx: Tx, text: string): Promise<void> {
  await tx.execute(sql.raw(text));
}

async function createSeedUsers(handle: DbHandle, password: string) {
  const hash = await hashPassword(password);
  const rows = [
    ...DISPATCH_AREAS.flatMap((area) => [1, 2, 3, 4, 5].map((i) => ({ username: `seed_${area}_${i}`, role: "dispatcher", area }))),
    ...[1, 2, 3].map((i) => ({ username: `seed_biller_${i}`, role: "biller", area: null })),
  ];
  const values = rows
    .map((r) => `(gen_random_uuid()::text, '${r.username}', '${r.username}', '${hash}', '${r.role}', ${r.area ? `'${r.area}'` : "null"})`)
    .join(",");
  await handle.rows(sql.raw(`insert into users (id, name, username, password_hash, role, dispatch_area) values ${values} on conflict do nothing`));
  const found = await handle.rows<{ id: string; username: string; dispatch_area: string | null }>(
    sql.raw(`select id, username, dispatch_area from users where username like 'seed\\_%' order by username`),
  );
  const byName = new Map(found.map((u) => [u.username, u]));
  const need = (username: string) => {
    const u = byName.get(username);
    if (!u) throw new Error(`seed user ${username} missing`);
    return u;
  };
  return {
    dispatchers: DISPATCH_AREAS.flatMap((area) => [1, 2, 3, 4, 5].map((i) => ({ ...need(`seed_${area}_${i}`), area }))),
    billers: [1, 2, 3].map((i) => need(`seed_biller_${i}`)),
  };
}

/** How parents are spread over bills: the first `billed` fill completed bills of 40, the next `open × 20` open bills of 20. */
interface BillPlan {
  base: number;
  billed: number;
  completed: number;
  open: number;
}

/** The bill id of parent number `g` (1-based), or null: the bill_bags rows and the bags' own bill_id agree by construction. */
function billOfParentSql(plan: BillPlan, g: string): string {
  return `case when ${g} <= ${plan.billed} then ${plan.base} + (${g} - 1) / 40 + 1
               when ${g} <= ${plan.billed + plan.open * 20} then ${plan.base} + ${plan.completed} + (${g} - ${plan.billed} - 1) / 20 + 1 end`;
}

/** Parents with their wanted child counts, capped so parents + children = bags exactly. */
function parentsSql(base: number, parents: number, childBudget: number, dispatcherIds: string[], bills: BillPlan): string {
  const hash = `((g::bigint * 2654435761) % 4294967296)`;
  return `
    insert into bags (id, qr, type, dispatch_area, status, child_count, capacity, created_by, created_at, updated_at, bill_id)
    overriding system value
    select ${base} + g, qr, 'parent', area, case when cc = 0 then 'pending' when cc = cap then 'completed' else 'in_progress' end,
           cc, cap, created_by, at, at, ${billOfParentSql(bills, "g")}
    from (
      select g, qr, area, cap, created_by, at, greatest(0, least(f, ${childBudget} - (sum(f) over (order by g) - f)))::int as cc
      from (
        select g,
          case when (g - 1) % 10 < 3 then 'M444-' || lpad((${SB_BASE} + ((g - 1) / 10) * 3 + (g - 1) % 10 + 1)::text, 5, '0')
               else 'SB' || lpad((${SB_BASE} + ((g - 1) / 10) * 7 + (g - 1) % 10 - 2)::text, 5, '0') end as qr,
          case when (g - 1) % 10 < 3 then 15 else 30 end as cap,
          case when (${hash} / 16) % 50 = 0 then 0
               when (g - 1) % 10 < 3 then 8 + ${hash} % 8 else 15 + ${hash} % 16 end as f,
          (${list(DISPATCH_AREAS)})[g % 10 + 1] as area,
          (${list(dispatcherIds)})[(g % 10) * 5 + (g / 10) % 5 + 1] as created_by,
          now() - interval '15 minutes' - interval '1 second' * (${DAYS * 86_400}::float8 * (${parents} - g) / ${parents}) as at
        from generate_series(1, ${parents}) g
      ) wanted
    ) capped`;
}

export async function seedLarge(handle: DbHandle, options: SeedOptions): Promise<SeedSummary> {
  const log = options.log ?? console.log;
  const total = Math.floor(options.bags);
  if (!(total >= 100)) throw new Error("--bags must be at least 100");
  if (handle.kind === "pglite" && total > PGLITE_MAX_BAGS) {
    throw new Error(`seed:large refuses ${total} bags on the embedded PGlite (max ${PGLITE_MAX_BAGS}): set DATABASE_URL to a PostgreSQL server.`);
  }
  const parents = Math.max(1, Math.round(total / (CHILDREN_PER_PARENT + 1)));
  if (SB_BASE + Math.ceil(parents * 0.7) > 89_999) throw new Error(`--bags ${total} needs more parent labels than SB/M444 offer (max ≈ 2,500,000 bags)`);
  const started = performance.now();
  const step = async (name: string, work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    log(`  ${name.padEnd(34)} ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };

  await handle.migrate();
  const [existing] = await handle.rows<{ n: number }>(sql`select count(*)::int as n from (select 1 from bags limit 1000) b`);
  if ((existing?.n ?? 0) >= 1000) throw new Error("seed:large expects an empty (or demo-sized) database; this one already has bags.");
  let users: SeedSummary["users"] = { dispatchers: [], billers: [] };
  await step("users (5 dispatchers/area, 3 billers)", async () => {
    users = await createSeedUsers(handle, options.password ?? SEED_PASSWORD);
  });
  const [ids] = await handle.rows<{ bag: number; bill: number }>(
    sql`select coalesce((select max(id) from bags), 0)::bigint as bag, coalesce((select max(id) from bills), 0)::bigint as bill`,
  );
  const base = Number(ids?.bag ?? 0);
  const billBase = Number(ids?.bill ?? 0);
  const billedParents = Math.floor(parents * 0.6 / 40) * 40;
  const completedBills = billedParents / 40;
  const openBills = Math.min(20, Math.floor((parents - billedParents) / 20));
  const bills = completedBills + openBills + 30;
  const billerIds = users.billers.map((b) => b.id);
  const counts = { children: 0, loose: 0, scans: 0 };

  // Secondary (non-unique) indexes are rebuilt and foreign keys re-added (re-validated in one
  // pass over all rows) after the rows are in, inside the same transaction — what pg_restore
  // does: nobody ever sees the tables without them, and unique keys still check every row.
  const foreignKeys = await handle.rows<{ name: string; tbl: string; def: string }>(sql`
    select c.conname as name, t.relname as tbl, pg_get_constraintdef(c.oid) as def
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where c.contype = 'f' and t.relname in ('bags', 'links', 'scans') and t.relnamespace = 'public'::regnamespace`);
  const secondary = await handle.rows<{ name: string; def: string }>(sql`
    select ic.relname as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
    where t.relname in ('bags', 'links', 'scans') and not i.indisunique and t.relnamespace = 'public'::regnamespace`);

  await handle.db.transaction(async (tx) => {
    await exec(tx, "set local synchronous_commit = off");
    if (handle.kind === "postgres") await exec(tx, "set local work_mem = '256MB'; set local maintenance_work_mem = '512MB'");
    for (const fk of foreignKeys) await exec(tx, `alter table "${fk.tbl}" drop constraint "${fk.name}"`);
    for (const ix of secondary) await exec(tx, `drop index "${ix.name}"`);
    // Bags carry their parent and bill (kept by the links/bill_bags triggers): written here as the
    // rows go in, so the triggers find every bag as it should be and rewrite none.
    const billPlan: BillPlan = { base: billBase, billed: billedParents, completed: completedBills, open: openBills };
    await step(`parents (${parents})`, () => exec(tx, parentsSql(base, parents, total - parents, users.dispatchers.map((d) => d.id), billPlan)));
    await step("child plan", () =>
      exec(tx, `
        create temp table seed_kids on commit drop as
        select p.id as parent_id, p.bill_id, p.dispatch_area, p.created_by, ${base} + ${parents} + p.off + i as child_id,
               lpad((1000000 + p.off + i)::text, 7, '0') as qr, p.created_at + i * interval '20 seconds' as at
        from (select id, bill_id, dispatch_area, created_by, created_at, child_count,
                     sum(child_count) over (order by id) - child_count as off
              from bags where id > ${base} and id <= ${base + parents}) p
        cross join lateral generate_series(1, p.child_count) i`),
    );
    // The two drivers shape results differently: postgres.js an array, PGlite { rows }.
    const result: unknown = await tx.execute(sql`select count(*)::int as n from seed_kids`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
    counts.children = rows[0]?.n ?? 0;
    counts.loose = total - parents - counts.children;
    await step(`children (${counts.children})`, () =>
      exec(tx, `insert into bags (id, qr, type, dispatch_area, created_by, created_at, updated_at, parent_bag_id, bill_id) overriding system value
                select child_id, qr, 'child', dispatch_area, created_by, at, at, parent_id, bill_id from seed_kids`),
    );
    await step(`loose children (${counts.loose})`, () =>
      exec(tx, `insert into bags (id, qr, type, dispatch_area, created_by, created_at, updated_at) overriding system value
                select ${base + parents + counts.children} + g, lpad((1000000 + ${counts.children} + g)::text, 7, '0'), 'child',
                       (${list(DISPATCH_AREAS)})[g % 10 + 1], null, now() - interval '1 hour' * g / 10, now()
                from generate_series(1, ${counts.loose}) g`),
    );
    await step("links", () =>
      exec(tx, `insert into links (parent_bag_id, child_bag_id, created_by, created_at) select parent_id, child_id, created_by, at from seed_kids`),
    );
    await step("scan history", () =>
      exec(tx, `
        insert into scans (created_at, user_id, action, result, qr, parent_bag_id, child_bag_id, dispatch_area)
        select created_at, created_by, 'parent', 'created', qr, id, null, dispatch_area from bags where id > ${base} and id <= ${base + parents}
        union all
        select at, created_by, 'child', 'linked', qr, parent_id, child_id, dispatch_area from seed_kids`),
    );
    counts.scans = parents + counts.children;
    await step("customers (37)", () =>
      exec(tx, `insert into customers (name) select 'Customer ' || c from generate_series(1, 37) c on conflict do nothing`),
    );
    await step(`bills (${bills})`, () =>
      exec(tx, `
        insert into bills (id, bill_number, capacity, status, linked_count, customer_id, vehicle_number, created_by, created_at, updated_at, completed_at)
        overriding system value
        select ${billBase} + b, 'BL-' || lpad(b::text, 6, '0'), 40,
               case when b <= ${completedBills} then 'completed' when b <= ${completedBills + openBills} then 'processing' else 'new' end,
               case when b <= ${completedBills} then 40 when b <= ${completedBills + openBills} then 20 else 0 end,
               (select id from customers where lower(name) = lower('Customer ' || (b % 37 + 1))), 'RJ' || lpad((b % 99 + 1)::text, 2, '0') || ' GA ' || lpad((b % 9999)::text, 4, '0'),
               (${list(billerIds)})[b % 3 + 1], at, at, case when b <= ${completedBills} then at + interval '2 hours' end
        from (select b, now() - interval '1 second' * (${DAYS * 86_400}::float8 * (${bills} - b) / ${bills}) as at
              from generate_series(1, ${bills}) b) x`),
    );
    await step("bill bags", () =>
      exec(tx, `
        insert into bill_bags (bill_id, bag_id, added_by, created_at)
        select ${billOfParentSql(billPlan, "g")}, ${base} + g, (${list(billerIds)})[g % 3 + 1], now() - interval '1 second' * (${DAYS * 86_400}::float8 * (${parents} - g) / ${parents})
        from generate_series(1, ${billedParents + openBills * 20}) g`),
    );
    await step(`secondary indexes (${secondary.length})`, async () => {
      for (const ix of secondary) await exec(tx, ix.def);
    });
    await step(`foreign keys (${foreignKeys.length}, validated)`, async () => {
      for (const fk of foreignKeys) await exec(tx, `alter table "${fk.tbl}" add constraint "${fk.name}" ${fk.def}`);
    });
    await exec(tx, `select setval(pg_get_serial_sequence('bags', 'id'), (select max(id) from bags))`);
    await exec(tx, `select setval(pg_get_serial_sequence('bills', 'id'), greatest(1, (select max(id) from bills)))`);
  });
  await step("analyze", () => handle.rows(sql`analyze`));
  const seconds = (performance.now() - started) / 1000;
  return { parents, children: counts.children, looseChildren: counts.loose, bills, scans: counts.scans, users, seconds };
}

async function main() {
  const { values } = parseArgs({
    options: { bags: { type: "string", default: "2000000" }, password: { type: "string" } },
    strict: true,
  });
  const url = process.env.DATABASE_URL?.trim() || undefined;
  const handle = createDb({ url, pgliteDir: process.env.PGLITE_DIR || ".data/pglite", poolMax: 2 });
  try {
    console.log(`seed:large → ${url ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite"}, ${Number(values.bags).toLocaleString("en-IN")} bags`);
    const s = await seedLarge(handle, { bags: Number(values.bags), password: values.password });
    console.log(
      `done in ${s.seconds.toFixed(1)} s: ${s.parents} parents, ${s.children} packed + ${s.looseChildren} loose children, ${s.scans} scans, ${s.bills} bills`,
    );
    console.log(`users: seed_<area>_1…5 (dispatchers), seed_biller_1…3 — password "${values.password ?? SEED_PASSWORD}"`);
    console.log("A running server corrects its statistics counters within a minute (or at its next start).");
  } finally {
    await handle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
