// The table `npm run bench` prints, and the issue's targets checked against it.
import type { Check } from "./coherence";
import type { ProbeResult } from "./probe";
import { dataTable, type DataResult } from "./data";
import type { RouteResult } from "./stats";

export interface BenchReport {
  machine: string;
  bags: number;
  floorSeconds: number;
  saturationSeconds: number;
  connections: number;
  floor: RouteResult[];
  floorRssMb: number;
  saturation: RouteResult[];
  saturationRssMb: number;
  baselines: { bare: RouteResult; framework: RouteResult | null; sql: RouteResult };
  /** `splitFloor`: the floor load again with the two pages sent to instance B. */
  two: { single: RouteResult; combined: RouteResult; checks: Check[]; splitFloor: RouteResult[]; niceFloor: RouteResult[] } | null;
  /** Import and export over HTTP, each against PostgreSQL's COPY of the same rows. */
  data: DataResult[];
  /** A full run (2M bags, 100k-row import): the data targets apply. */
  full: boolean;
  /** Server CPU per request, each request completed (4 connections, a fixed count). */
  cost: RouteResult[];
  /** Bytes of one answer of each page. */
  pageBytes: { path: string; bytes: number }[];
  /** The server's event-loop delay and GC pauses over the floor load. */
  floorProbe: ProbeResult | null;
  /** The load generator's own CPU over the floor load, % of one core. */
  loadgenPct: number;
  soak: SoakResult | null;
}

/** The soak: RSS samples over warm-up + measured minutes, slopes fitted over the measured ones. */
export interface SoakResult {
  minutes: number;
  warmMinutes: number;
  samples: [number, number][];
  /** RSS growth over the measured minutes (after the warm-up). */
  slopeMbPerMin: number;
  /** RSS growth over everything after the first minute, warm-up included (the earlier runs' line). */
  wholeSlopeMbPerMin: number;
  maxMb: number;
  errors: number;
  errorSamples: string[];
  heapAfterGc: [number, number][];
  heapSlopeMbPerMin: number;
}

/** Issue 20's CPU ratios: route, baseline, at most. */
const CPU_TARGETS: [string, "bare Next route" | "baseline page (50 rows)", number][] = [
  ["child scan", "bare Next route", 1.6],
  ["GET /api/bag/[qr]", "bare Next route", 1.5],
  ["GET /api/stats", "bare Next route", 1.1],
  ["gate scan", "bare Next route", 1.6],
  ["portal grid", "bare Next route", 3],
  ["bag list page", "baseline page (50 rows)", 3],
  ["dashboard page", "baseline page (50 rows)", 2],
  ["bill page (50 parents)", "baseline page (50 rows)", 3],
];

const pad = (v: string | number, n: number) => String(v).padStart(n);
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : "—");

const ms2 = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v.toFixed(2) : "—");

/** `withCpu`: add CPU ms per request spent in the Next.js server(s) and in PostgreSQL. */
function table(rows: RouteResult[], withCpu = false): string {
  const cpuHead = withCpu ? `${pad("cpu next", 10)}${pad("cpu pg", 8)}` : "";
  const head = `${"route".padEnd(34)}${pad("req", 8)}${pad("err", 6)}${pad("req/s", 9)}${pad("p50 ms", 9)}${pad("p95 ms", 9)}${pad("p99 ms", 9)}${cpuHead}`;
  const lines = rows.map((r) => {
    const cpu = withCpu ? `${pad(ms2(r.cpu?.next), 10)}${pad(ms2(r.cpu?.postgres), 8)}` : "";
    return `${r.route.padEnd(34)}${pad(r.requests, 8)}${pad(r.errors, 6)}${pad(fmt(r.rps), 9)}${pad(fmt(r.p50), 9)}${pad(fmt(r.p95), 9)}${pad(fmt(r.p99), 9)}${cpu}`;
  });
  return [head, "-".repeat(head.length), ...lines].join("\n");
}

const find = (rows: RouteResult[], route: string) => rows.find((r) => r.route === route);
const ratio = (a: RouteResult | undefined | null, b: RouteResult | undefined | null) => (a && b && b.rps > 0 ? a.rps / b.rps : NaN);
const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)} %` : "—");

export function printReport(r: BenchReport): { errors: number; targets: [string, boolean][] } {
  const out: string[] = [];
  out.push(`\nTraceTrack benchmark — ${r.machine}`);
  out.push(`dataset ${r.bags.toLocaleString("en-IN")} bags · floor ${r.floorSeconds} s open loop · saturation ${r.saturationSeconds} s per route at ${r.connections} connections\n`);
  out.push("Floor load (open loop: 200 scanners every 2 s, 20 dashboards every 5 s, 5 lookups/s, 1 bag list/s, 0.5 dashboard page/s, the bare route 5/s)");
  out.push(table(r.floor));
  out.push(`server RSS peak: ${r.floorRssMb} MB\n`);
  out.push(`Saturation (closed loop, ${r.connections} connections, one route at a time)`);
  const base = [r.baselines.bare, ...(r.baselines.framework ? [r.baselines.framework] : []), r.baselines.sql];
  out.push(table([...r.saturation, ...base], true));
  out.push("  (cpu: milliseconds of CPU per request in the Next.js server and in PostgreSQL's backends)");
  out.push(`server RSS peak: ${r.saturationRssMb} MB\n`);
  out.push("Ratios (route req/s ÷ baseline req/s)");
  const bare = r.baselines.bare;
  const fw = r.baselines.framework;
  for (const route of ["child scan", "parent scan", "GET /api/bag/[qr]", "GET /api/stats", "bag list page", "dashboard page", "gate scan", "portal grid"]) {
    const row = find(r.saturation, route);
    out.push(`  ${route.padEnd(22)} ÷ bare Next route ${pct(ratio(row, fw)).padStart(6)}   (÷ bare node:http ${pct(ratio(row, bare)).padStart(5)})`);
  }
  out.push(`  ${"child scan".padEnd(22)} ÷ same SQL via postgres.js ${pct(ratio(find(r.saturation, "child scan"), r.baselines.sql))}`);
  if (r.two) {
    out.push("\nTwo instances sharing PostgreSQL and Redis (child scans, 25 connections each)");
    out.push(table([r.two.single, r.two.combined], true));
    out.push(`  scale-out: ${ratio(r.two.combined, r.two.single).toFixed(2)}× one instance`);
    for (const c of r.two.checks) out.push(`  ${c.ok === null ? "n/a " : c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  }
  out.push("\nData in and out (one request each; COPY = the same rows through PostgreSQL's COPY via postgres.js)");
  out.push(dataTable(r.data));
  for (const d of r.data.filter((x) => x.error)) out.push(`  ${d.operation}: HTTP ${d.status} ${d.error}`);

  out.push("\nServer CPU per request (a fixed number of requests at 4 connections, each completed)");
  const costHead = `${"route".padEnd(32)}${pad("req", 7)}${pad("err", 5)}${pad("req/s", 8)}${pad("cpu next", 10)}${pad("cpu pg", 8)}${pad("ratio", 8)}  target`;
  out.push(costHead, "-".repeat(costHead.length + 24));
  const costOf = (route: string) => find(r.cost, route);
  // Against the baseline measured beside the row (before and after it) when there is one; the
  // row's "÷ phase start" is the ratio against the baseline measured once at the phase's start.
  const startRatio = (route: string, baseline: string) => {
    const a = costOf(route)?.cpu?.next;
    const b = costOf(baseline)?.cpu?.next;
    return a !== undefined && b !== undefined && b > 0 ? a / b : NaN;
  };
  const cpuRatio = (route: string, baseline: string) => {
    const row = costOf(route);
    const a = row?.cpu?.next;
    const b = row?.baselineCpu;
    return a !== undefined && b !== undefined && b > 0 ? a / b : startRatio(route, baseline);
  };
  const cpuTargets: [string, boolean][] = [];
  for (const row of r.cost) {
    const t = CPU_TARGETS.find(([route]) => route === row.route);
    // The keyed scan and the framework's floors are shown against the bare route too, without a target.
    const ratioV = t ? cpuRatio(row.route, t[1]) : row.route === "child scan (keyed)" || row.route.startsWith("floor: ") ? cpuRatio(row.route, "bare Next route") : NaN;
    const target = t ? `≤ ${t[2]}× ${t[1]}` : "";
    const spread = row.ratioSpread && (row.slices ?? 1) > 1 ? `${row.slices} slices alternating with it, ${row.ratioSpread[0].toFixed(2)}–${row.ratioSpread[1].toFixed(2)}×; ` : "";
    const beside = row.baselineCpu !== undefined ? ` (${spread}its baseline beside it ${ms2(row.baselineCpu)} ms; ÷ phase start ${startRatio(row.route, t?.[1] ?? "bare Next route").toFixed(2)}×)` : "";
    out.push(`${row.route.padEnd(32)}${pad(row.requests, 7)}${pad(row.errors, 5)}${pad(fmt(row.rps), 8)}${pad(ms2(row.cpu?.next), 10)}${pad(ms2(row.cpu?.postgres), 8)}${pad(Number.isFinite(ratioV) ? `${ratioV.toFixed(2)}×` : "", 8)}  ${target}${beside}`);
  }
  for (const [route, baseline, max] of CPU_TARGETS) {
    const v = cpuRatio(route, baseline);
    if (Number.isFinite(v)) cpuTargets.push([`cpu: ${route} ≤ ${max}× ${baseline} (${v.toFixed(2)}×)`, v <= max]);
  }
  const post = cpuRatio("floor: JSON POST", "bare Next route");
  const trip = cpuRatio("floor: one PG round trip", "bare Next route");
  if (Number.isFinite(post) && Number.isFinite(trip)) {
    // A scan is a JSON POST with one round trip (its session is kept: lib/server/auth/session-cache.ts).
    const floor = post + (trip - 1);
    const scan = cpuRatio("child scan", "bare Next route");
    out.push(`  floors: a JSON POST ${post.toFixed(2)}×, one PostgreSQL round trip +${(trip - 1).toFixed(2)}× — a child scan's floor (POST + one round trip) ${floor.toFixed(2)}×; the scan ${scan.toFixed(2)}× adds ${(scan - floor).toFixed(2)}× of its own`);
  }
  if (r.pageBytes.length) out.push(`  page size: ${r.pageBytes.map((p) => `${p.path} ${(p.bytes / 1024).toFixed(1)} KiB`).join(" · ")}`);

  out.push("\nTail under the floor load");
  const probeRow = find(r.floor, "probe: bare Next route");
  const scanRow = find(r.floor, "child scan");
  const tail = (rows: RouteResult[]) => {
    const scan = find(rows, "child scan");
    const probe = find(rows, "probe: bare Next route");
    return `child scan p99 ${fmt(scan?.p99 ?? NaN)} ms ÷ bare-route probe p99 ${fmt(probe?.p99 ?? NaN)} ms = ${scan && probe && probe.p99 > 0 ? (scan.p99 / probe.p99).toFixed(2) : "—"}×`;
  };
  out.push(`  ${tail(r.floor)}`);
  const split = (where: string, rows: RouteResult[] | undefined) => {
    if (!rows?.length) return;
    const pages = ["bag list page", "dashboard page"].map((route) => `${route} p99 ${fmt(find(rows, route)?.p99 ?? NaN)} ms`).join(", ");
    out.push(`  with the pages on ${where}: ${tail(rows)}; ${pages}`);
  };
  split("instance B (a second process on the same cores)", r.two?.splitFloor);
  split("an instance at lower CPU priority (nice 10)", r.two?.niceFloor);
  if (r.floorProbe) {
    const p = r.floorProbe;
    const kinds = Object.entries(p.gc.byKind).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(", ");
    out.push(`  event-loop delay p50 ${p.loopDelay.p50Ms} ms, p99 ${p.loopDelay.p99Ms} ms, max ${p.loopDelay.maxMs} ms over ${Math.round(p.seconds)} s`);
    out.push(`  GC: ${p.gc.count} pauses, ${p.gc.totalMs} ms in all (${((p.gc.totalMs / 1000 / p.seconds) * 100).toFixed(1)} % of the time), longest ${p.gc.maxMs} ms (${kinds})`);
  } else out.push("  event-loop delay and GC: no probe answered");
  out.push(`  load generator CPU: ${r.loadgenPct.toFixed(0)} % of one core (the bench process itself; near 100 % it, not the server, would be the limit)`);
  if (r.soak) {
    const after = r.soak.warmMinutes > 1 ? `over the ${r.soak.minutes} min after a ${r.soak.warmMinutes}-min warm-up` : "after the first minute";
    out.push(`\nSoak: ${r.soak.minutes} min of the floor load — RSS peak ${r.soak.maxMb} MB, growth ${r.soak.slopeMbPerMin.toFixed(2)} MB/min ${after}, ${r.soak.errors} errors`);
    if (r.soak.warmMinutes > 1) out.push(`  (warm-up included, after its first minute: ${r.soak.wholeSlopeMbPerMin.toFixed(2)} MB/min)`);
    out.push(`  RSS (min → MB): ${r.soak.samples.filter((_, i) => i % 3 === 0).map(([m, mb]) => `${m.toFixed(1)}→${mb}`).join(" ")}`);
    // What survives each full collection: a leak rises here; RSS alone also grows while V8 sizes its heap up.
    const h = r.soak.heapAfterGc;
    const every = Math.max(1, Math.ceil(h.length / 12));
    out.push(
      h.length > 0
        ? `  heap after each full GC: ${h.length} collections, ${r.soak.heapSlopeMbPerMin.toFixed(2)} MB/min ${after} (min → MB): ${h.filter((_, i) => i % every === 0).map(([m, mb]) => `${m.toFixed(1)}→${mb}`).join(" ")}`
        : "  heap after each full GC: no full collection during the soak",
    );
  }

  const fl = (route: string) => find(r.floor, route);
  const targets: [string, boolean][] = [
    ["floor: child scan p99 ≤ 50 ms", (fl("child scan")?.p99 ?? Infinity) <= 50],
    ["floor: GET /api/bag/[qr] p99 ≤ 20 ms", (fl("GET /api/bag/[qr]")?.p99 ?? Infinity) <= 20],
    ["floor: GET /api/stats p99 ≤ 20 ms", (fl("GET /api/stats")?.p99 ?? Infinity) <= 20],
    ["floor: bag list page p99 ≤ 150 ms", (fl("bag list page")?.p99 ?? Infinity) <= 150],
    ["floor: RSS ≤ 400 MB", r.floorRssMb <= 400],
    ["floor: zero errors", r.floor.every((x) => x.errors === 0)],
    ["saturation: child scan ≥ 40 % of bare handler", ratio(find(r.saturation, "child scan"), fw ?? bare) >= 0.4],
    ["saturation: /api/stats ≥ 70 % of bare handler", ratio(find(r.saturation, "GET /api/stats"), fw ?? bare) >= 0.7],
    ["saturation: /api/bag/[qr] ≥ 50 % of bare handler", ratio(find(r.saturation, "GET /api/bag/[qr]"), fw ?? bare) >= 0.5],
  ];
  if (r.two) targets.push(["two instances ≥ 1.5× one", ratio(r.two.combined, r.two.single) >= 1.5]);
  // Throughput at the cost phase's 4 connections, filtered ÷ unfiltered list.
  const list = find(r.cost, "bag list page");
  for (const row of r.cost.filter((x) => x.route.startsWith("bags filter:") || x.route.startsWith("lookup:"))) {
    const v = ratio(row, list);
    targets.push([`filters: ${row.route} ≥ 1/3 of the unfiltered bag list's req/s at 4 connections (${pct(v)})`, v >= 1 / 3]);
  }
  targets.push(...cpuTargets);
  if (probeRow && scanRow) targets.push(["tail: child scan p99 ≤ 2× the bare-route probe's p99", scanRow.p99 <= 2 * probeRow.p99]);
  targets.push(["memory: floor RSS ≤ 300 MB", r.floorRssMb <= 300]);
  if (r.soak) targets.push([`memory: no growth over the ${r.soak.minutes}-min soak${r.soak.warmMinutes > 1 ? ` after a ${r.soak.warmMinutes}-min warm-up` : ""} (≤ 1 MB/min)`, r.soak.slopeMbPerMin <= 1]);
  if (r.full) {
    const op = (prefix: string) => r.data.find((d) => d.operation.startsWith(prefix));
    const imp = op("import");
    const exp = op("export");
    targets.push(["import 100,000 rows ≤ 20 s", !!imp && !imp.error && imp.rows >= 100_000 && imp.seconds <= 20]);
    targets.push(["export 1,000,000 bag rows as CSV ≤ 15 s", !!exp && !exp.error && exp.rows >= 1_000_000 && exp.seconds <= 15]);
  }
  out.push(`\nTargets (the "bare handler" is the bare Next route, app/api/health/live${fw ? "" : " — unavailable, so bare node:http"}; see BENCHMARKS.md)`);
  for (const [name, met] of targets) out.push(`  ${met ? "met   " : "MISSED"} ${name}`);

  const all = [...r.floor, ...r.saturation, ...r.cost, r.baselines.sql, ...(r.two ? [r.two.single, r.two.combined, ...r.two.splitFloor, ...r.two.niceFloor] : [])];
  const errors = all.reduce((n, x) => n + x.errors, 0) + r.data.filter((d) => d.error).length + (r.soak?.errors ?? 0);
  for (const x of all.filter((x) => x.errors > 0)) out.push(`  errors in ${x.route}: ${x.errors}, e.g. ${x.samples.join(" | ")}`);
  for (const line of r.soak?.errorSamples ?? []) out.push(`  errors in the soak's ${line}`);
  console.log(out.join("\n"));
  return { errors, targets };
}
