// The gate-scan row's fixtures: completed one-parent bills, each with an active gate pass, and a
// gate user. Every scan in the run admits a fresh pass (the real path: the conditional UPDATE,
// the bill dispatched, the audit rows), so there are more passes than the run can scan.
import postgres from "postgres";
import { signPassCode } from "../../lib/server/passes/signature";

export interface GateFixture {
  user: { id: string; username: string; area: null };
  payloads: string[];
}

export async function createGatePasses(url: string, count: number, secret: string, firstLabel = 200_000): Promise<GateFixture> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [user] = await sql<{ id: string }[]>`
      insert into users (id, username, password_hash, role) values (gen_random_uuid()::text, 'bench-gate', 'not-a-hash', 'gate')
      returning id`;
    if (!user) throw new Error("no gate user");
    await sql.unsafe(`
      insert into bags (qr, type, dispatch_area, capacity)
      select 'M444-' || (${firstLabel} + g), 'parent', 'lucknow', 15 from generate_series(0, ${count - 1}) g`);
    await sql.unsafe(`
      insert into bills (bill_number, capacity, status, linked_count, completed_at)
      select 'GATE-' || g, 1, 'completed', 1, now() from generate_series(0, ${count - 1}) g`);
    await sql.unsafe(`
      insert into bill_bags (bill_id, bag_id)
      select b.id, p.id from generate_series(0, ${count - 1}) g
      join bills b on b.bill_number = 'GATE-' || g
      join bags p on p.qr = 'M444-' || (${firstLabel} + g)`);
    // Codes of one day far from today's: never in the way of a pass the app issues itself.
    await sql.unsafe(`
      insert into gate_passes (code, bill_id, driver_name, driver_phone, vehicle_number, valid_from, valid_until)
      select 'GP-20200101-' || lpad((g + 1)::text, 5, '0'), b.id, 'Bench Driver', '9829012345', 'RJ14GB1234',
             now() - interval '1 hour', now() + interval '12 hours'
      from generate_series(0, ${count - 1}) g join bills b on b.bill_number = 'GATE-' || g`);
    const payloads = Array.from({ length: count }, (_, g) => signPassCode(`GP-20200101-${String(g + 1).padStart(5, "0")}`, secret));
    return { user: { id: user.id, username: "bench-gate", area: null }, payloads };
  } finally {
    await sql.end();
  }
}
