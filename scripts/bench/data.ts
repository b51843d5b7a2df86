// The "data in and out" rows of `npm run bench` (issue 16): importing a bags-and-links file over
// POST /api/imports and downloading the bag export over GET /api/exports/bags.csv, each with the
// server's peak RSS, against the same rows moved by PostgreSQL's own COPY through postgres.js in
// the same run (the floor no app can beat: parse + constraint checks for the import, the scan
// and text output for the export).
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { watchRss, type RunningServer } from "./server";

export interface DataResult {
  operation: string;
  rows: number;
  seconds: number;
  rssMb: number;
  baselineSeconds: number;
  /** The HTTP status, and the answer's first bytes when it is not 2xx. */
  status: number;
  error: string | null;
}

/** A bench admin with 2FA on (an admin without it reaches only enrolment). */
export async function createBenchAdmin(url: string): Promise<{ id: string; username: string; area: null }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const username = `bench-admin-${randomUUID().slice(0, 8)}`;
    const [row] = await sql<{ id: string }[]>`
      insert into users (id, username, email, password_hash, role, totp_enabled, totp_secret)
      values (gen_random_uuid()::text, ${username}, null, 'not-a-hash', 'admin', true, 'bench-not-a-secret')
      returning id`;
    if (!row) throw new Error("no bench admin");
    return { id: row.id, username, area: null };
  } finally {
    await sql.end();
  }
}

/**
 * `rows` children in new SB parents of 30 (labels SB85000…, clear of the 2M seed's SB10001–SB80xxx
 * and the floor's SB9xxxx), children IMP0000001…, spread over the areas by parent.
 */
export function importCsv(rows: number, areas: readonly string[]): string {
  const lines = ["parent_qr,child_qr,area"];
  for (let i = 0; i < rows; i += 1) {
    const p = Math.floor(i / 30);
    lines.push(`SB${85_000 + p},IMP${String(i + 1).padStart(7, "0")},${areas[p % areas.length]}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** POST the file (a real run, not a dry run) and wait for the answer; then COPY the same CSV into a temp table. */
export async function benchImport(server: RunningServer, dbUrl: string, token: string, csv: string, rows: number): Promise<DataResult> {
  const rss = watchRss(server);
  const form = new FormData();
  form.set("file", new Blob([csv], { type: "text/csv" }), "bench-import.csv");
  form.set("kind", "bags");
  form.set("dryRun", "false");
  const { value: res, seconds } = await timed(() =>
    fetch(`${server.url}/api/imports`, { method: "POST", body: form, headers: { cookie: `authjs.session-token=${token}` } }),
  );
  const body = await res.text();
  const rssMb = rss();
  const baselineSeconds = await copyIn(dbUrl, csv);
  return {
    operation: `import ${rows.toLocaleString("en-IN")} rows (bags CSV)`,
    rows,
    seconds,
    rssMb,
    baselineSeconds,
    status: res.status,
    error: res.ok ? null : body.slice(0, 300),
  };
}

async function copyIn(dbUrl: string, csv: string): Promise<number> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const { seconds } = await timed(() =>
      sql.begin(async (tx) => {
        await tx`create temp table bench_import (parent_qr text, child_qr text, area text) on commit drop`;
        const writable = await tx`copy bench_import from stdin with (format csv, header true)`.writable();
        await new Promise<void>((resolve, reject) => {
          writable.on("error", reject);
          writable.on("finish", resolve);
          writable.end(csv);
        });
      }),
    );
    return seconds;
  } finally {
    await sql.end();
  }
}

/**
 * Downloads GET `path` and counts its lines; the time is taken when the `rows`-th data line has
 * arrived (or at the end, if the file has fewer), and the whole download is read to the end.
 */
export async function benchExport(server: RunningServer, dbUrl: string, token: string, path: string, rows: number, baselineSql: string): Promise<DataResult> {
  const rss = watchRss(server);
  const t0 = performance.now();
  const res = await fetch(`${server.url}${path}`, { headers: { cookie: `authjs.session-token=${token}` } });
  let lines = 0;
  let at: number | null = null;
  if (res.ok && res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      for (let i = 0; i < chunk.length; i += 1) if (chunk[i] === 10) lines += 1;
      if (at === null && lines - 1 >= rows) at = performance.now();
    }
  }
  const end = performance.now();
  const rssMb = rss();
  const error = res.ok ? null : (await res.text()).slice(0, 300);
  const dataRows = Math.max(0, lines - 1);
  const measured = Math.min(rows, dataRows);
  const baselineSeconds = await copyOut(dbUrl, `${baselineSql} limit ${measured}`);
  return {
    operation: `export ${measured.toLocaleString("en-IN")} bag rows (CSV)`,
    rows: measured,
    seconds: ((at ?? end) - t0) / 1000,
    rssMb,
    baselineSeconds,
    status: res.status,
    error,
  };
}

async function copyOut(dbUrl: string, query: string): Promise<number> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const { seconds } = await timed(async () => {
      const readable = await sql.unsafe(`copy (${query}) to stdout with (format csv, header true)`).readable();
      // Drained: the baseline is how fast PostgreSQL hands the rows over.
      await new Promise<void>((resolve, reject) => {
        readable.on("error", reject);
        readable.on("end", resolve);
        readable.resume();
      });
    });
    return seconds;
  } finally {
    await sql.end();
  }
}

const pad = (v: string | number, n: number) => String(v).padStart(n);

export function dataTable(results: DataResult[]): string {
  const head = `${"operation".padEnd(40)}${pad("rows", 11)}${pad("s", 8)}${pad("rows/s", 10)}${pad("RSS MB", 8)}${pad("COPY s", 8)}${pad("÷ COPY", 8)}`;
  const lines = results.map((r) => {
    const ratio = r.baselineSeconds > 0 ? `${(r.seconds / r.baselineSeconds).toFixed(1)}×` : "—";
    const rps = r.seconds > 0 ? Math.round(r.rows / r.seconds) : 0;
    return `${r.operation.padEnd(40)}${pad(r.rows.toLocaleString("en-IN"), 11)}${pad(r.seconds.toFixed(2), 8)}${pad(rps, 10)}${pad(r.rssMb, 8)}${pad(r.baselineSeconds.toFixed(2), 8)}${pad(ratio, 8)}`;
  });
  return [head, "-".repeat(head.length), ...lines].join("\n");
}
