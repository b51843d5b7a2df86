// The benchmark's own database: created, seeded, given sessions and spare parents, dropped.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { DISPATCH_AREAS } from "../../lib/domain";

export interface BenchUser {
  id: string;
  username: string;
  area: string | null;
  token: string;
}

export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/**
 * Session rows like the login action's (what createSessionRow writes), one or more per user, so
 * the load sends real cookies without driving the login form.
 */
export async function createSessions(url: string, users: { id: string; username: string; area: string | null }[], perUser: number): Promise<BenchUser[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const out: BenchUser[] = [];
    for (const u of users) {
      for (let i = 0; i < perUser; i += 1) {
        const token = randomBytes(32).toString("base64url");
        await sql`insert into sessions (session_token, user_id, expires, created_at, ip, user_agent)
                  values (${token}, ${u.id}, now() + interval '3 hours', now(), '127.0.0.1', 'tracetrack-bench')`;
        out.push({ ...u, token });
      }
    }
    return out;
  } finally {
    await sql.end();
  }
}

export interface SpareParent {
  qr: string;
  area: string;
}

/** Empty M444 parents (capacity 15), labels M444-60000…, spread over the areas, for the saturation runs. */
export async function createSpareParents(url: string, count: number, first = 60_000): Promise<SpareParent[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      insert into bags (qr, type, dispatch_area, capacity)
      select 'M444-' || (${first} + g), 'parent', (array[${DISPATCH_AREAS.map((a) => `'${a}'`).join(",")}])[g % 10 + 1], 15
      from generate_series(0, ${count - 1}) g`);
    return Array.from({ length: count }, (_, g) => ({ qr: `M444-${first + g}`, area: DISPATCH_AREAS[g % 10] ?? "lucknow" }));
  } finally {
    await sql.end();
  }
}

/** Existing labels to look up: parents and packed children of the seeded data. */
export async function sampleLabels(url: string, n: number): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ qr: string }[]>`select qr from bags order by random() limit ${n}`;
    return rows.map((r) => r.qr);
  } finally {
    await sql.end();
  }
}

/**
 * A completed bill of 50 parents (the issue's "bill page with 50 parents"): seeded parents that
 * hold children and are on no bill, so the page shows real counts and weights.
 */
export async function createFiftyParentBill(url: string, createdBy: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await sql.begin(async (tx) => {
      const parents = await tx<{ id: number }[]>`
        select b.id from bags b
        where b.type = 'parent' and b.child_count > 0 and not exists (select 1 from bill_bags bb where bb.bag_id = b.id)
        order by b.id limit 50`;
      if (parents.length < 50) {
        // A small (--quick) dataset bills every parent it has: 50 empty parents of the bill's own
        // (M444-70000…, past the spare parents' labels).
        const made = await tx<{ id: number }[]>`
          insert into bags (qr, type, dispatch_area, capacity)
          select 'M444-' || (70000 + g), 'parent', 'lucknow', 15 from generate_series(0, ${49 - parents.length}) g
          returning id`;
        parents.push(...made);
      }
      const [bill] = await tx<{ id: number }[]>`
        insert into bills (bill_number, capacity, status, linked_count, vehicle_number, created_by, completed_at)
        values ('BENCH-50', 50, 'completed', 50, 'RJ14 GA 5050', ${createdBy}, now())
        returning id`;
      await tx`insert into bill_bags (bill_id, bag_id, added_by) select ${Number(bill?.id)}, unnest(${parents.map((p) => p.id)}::bigint[]), ${createdBy}`;
      // The page's address is the bill's number (app/(app)/bills/[billNumber]).
      return "BENCH-50";
    });
  } finally {
    await sql.end();
  }
}
