// `npm run bench [-- --quick] [--bags N] [--no-build] [--dist-dir DIR] [--no-two] [--soak MIN] [--soak-warm MIN]`: builds
// (into --dist-dir, default .next-bench; --no-build uses the build already there, e.g. `npm test`'s
// one build in .next),
// creates and seeds its own database, runs `next start` against it (PostgreSQL + a Redis DB of
// its own), measures floor load (open loop) and saturation (closed loop, autocannon) per route
// with two baselines, then two instances side by side; prints the table, drops the database.
// --quick: ~20k bags and short phases for CI; exits non-zero if any request errs.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { cpus, totalmem } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import postgres from "postgres";
import { createDb } from "../db/client";
import { DISPATCH_AREAS } from "../lib/domain";
import { istDay } from "../lib/time";
import { checkFollows, checkRateLimit, checkSessions, checkStats } from "./bench/coherence";
import { cpuMeter, type CpuByProcess } from "./bench/cpu";
import { benchExport, benchImport, createBenchAdmin, importCsv } from "./bench/data";
import { createGatePasses } from "./bench/gate";
import { createPortalAccount } from "./bench/portal";
import { createDatabase, createFiftyParentBill, createSessions, createSpareParents, dropDatabase, sampleLabels, type BenchUser, type SpareParent } from "./bench/fixtures";
import { probeDir, readProbe, removeProbeDir } from "./bench/probe";
import { runOpenLoop, type OpenLoopClient, type PlannedRequest } from "./bench/open-loop";
import { printReport, type SoakResult } from "./bench/report";
import { saturate } from "./bench/saturate";
import type { RouteResult } from "./bench/stats";
import { startBareServer, treeRssMb, startNext, stop, waitHealthy, watchRss, type RunningServer } from "./bench/server";
import { runSqlChildScans } from "./bench/sql-baseline";
import { seedLarge } from "./seed-large";
import { prepareStandalone } from "./standalone.mjs";

const { values: opt } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    bags: { type: "string" },
    "no-build": { type: "boolean", default: false },
    "dist-dir": { type: "string", default: ".next-bench" },
    "no-two": { type: "boolean", default: false },
    // Minutes of floor load with the server's RSS sampled, for its growth per minute (full run: 10).
    soak: { type: "string" },
    // Minutes of the same load before the soak's measured minutes (full run: 5): the heap grows to
    // its working size over the first minutes (BENCHMARKS.md's 20-minute soak), which is not a leak.
    "soak-warm": { type: "string" },
    port: { type: "string", default: "3400" },
  },
  strict: true,
});
const quick = opt.quick ?? false;
const cfg = {
  bags: Number(opt.bags ?? (quick ? 20_000 : 2_000_000)),
  // --quick is CI's smoke run (any error fails it), not a measurement: phases just long enough.
  floorS: quick ? 5 : 45,
  satS: quick ? 2 : 10,
  warmS: quick ? 1 : 3,
  connections: 50,
  port: Number(opt.port),
  soakMin: Number(opt.soak ?? (quick ? 0 : 10)),
  soakWarmMin: Number(opt["soak-warm"] ?? (quick ? 0 : 5)),
  // The CPU-per-request runs: a fixed number of requests, every one completed (see saturate.ts).
  costRoutes: quick ? 200 : 2000,
  costPages: quick ? 30 : 300,
  // Alternations of a ratio row with its baseline (see costOf).
  costSlices: quick ? 1 : 5,
};
const PG_ADMIN = process.env.BENCH_PG_URL ?? "postgres://root@127.0.0.1:5432/postgres";
// A Redis database of its own, emptied before and after (never FLUSHALL, never DB 0).
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/3";
const POOL_MAX = 10;
// On one host the app reaches PostgreSQL through its Unix socket (libpq's ?host=<dir>), like a
// single-machine deployment would; BENCH_PG_SOCKET="" forces TCP.
const PG_SOCKET_DIR = process.env.BENCH_PG_SOCKET ?? "/var/run/postgresql";
const useSocket = PG_SOCKET_DIR !== "" && existsSync(`${PG_SOCKET_DIR}/.s.PGSQL.${new URL(PG_ADMIN).port || 5432}`);
// V8 sizes its heap from the machine's RAM (24 GB here) and lets a busy process grow to 400+ MB
// before collecting; the app's live set is ≈ 100 MB, so production runs cap the old space, as
// README.md recommends. (A larger young generation, --max-semi-space-size=64, made pages cheaper
// but every scavenge a 30–60 ms pause: worse scan tails, so not used.) BENCH_HEAP_SIGNAL=1 (a
// study, not a measurement: a snapshot stalls the server for seconds) lets `kill -USR1 <pid>`
// write a heap snapshot into the server's directory, as BENCHMARKS.md's soak study did.
const SERVER_NODE_OPTIONS = `--max-old-space-size=256${process.env.BENCH_HEAP_SIGNAL ? " --heapsnapshot-signal=SIGUSR1" : ""}`;

const DIST_DIR = opt["dist-dir"] ?? ".next-bench";

/** The filtered bag lists and the substring lookup the CPU-per-request phase measures (route, path). */
const FILTERED_LISTS = (day: string): [string, string][] => [
  ["bags filter: billed", "/bags?billed=billed"],
  ["bags filter: unlinked children", "/bags?type=child&linked=unlinked"],
  ["bags filter: one user", "/bags?user=seed_lucknow_1"],
  ["bags filter: QR prefix", "/bags?q=SB1234"],
  ["bags filter: area + packing", "/bags?area=indore&status=in_progress"],
  ["bags filter: one day", `/bags?from=${day}&to=${day}`],
  ["lookup: substring", "/lookup?q=4-1234"],
];
const LOOP_PROBE = pathToFileURL(path.resolve("scripts/bench/loop-probe.mjs")).href;

const log = (line: string) => console.log(`[bench] ${line}`);
const pad = (n: number, w: number) => String(n).padStart(w, "0");

function build(): void {
  // next build rewrites tsconfig.json for a new distDir; keep the developer's files as they were.
  // (next-env.d.ts is git-ignored: a fresh clone has none until a first build.)
  const kept = ["tsconfig.json", "next-env.d.ts"].filter((f) => existsSync(f)).map((f) => [f, readFileSync(f, "utf8")] as const);
  try {
    // The server a container runs (standalone), with the benchmark's baseline page
    // (app/bench/baseline/page.bench.tsx, a page only when TT_BENCH_PAGES=1).
    const env = { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_OUTPUT: "standalone", TT_BENCH_PAGES: "1" };
    const res = spawnSync("./node_modules/.bin/next", ["build"], { stdio: ["ignore", "ignore", "inherit"], env });
    if (res.status !== 0) throw new Error("next build failed");
  } finally {
    for (const [f, text] of kept) writeFileSync(f, text);
  }
}

async function flushOwnRedis(): Promise<void> {
  if (/\/0?$/.test(new URL(REDIS_URL).pathname)) throw new Error("BENCH_REDIS_URL must name a database of its own (e.g. redis://127.0.0.1:6379/3)");
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  redis.disconnect();
}

/** The 200 floor scanners: a parent, then children until it is full, one scan every 2 s. */
function scanners(tokens: BenchUser[], { firstParent = 0, childPrefix = "8" } = {}): OpenLoopClient[] {
  let parentSeq = firstParent;
  let childSeq = 0;
  return tokens.map((user) => {
    let parent: { qr: string; capacity: number; count: number } | null = null;
    return {
      everyS: 2,
      next(): PlannedRequest {
        if (!parent || parent.count >= parent.capacity) {
          const n = parentSeq++;
          const qr = n % 2 === 0 ? `SB9${pad(n >> 1, 4)}` : `M444-9${pad(n >> 1, 4)}`;
          parent = { qr, capacity: qr.startsWith("SB") ? 30 : 15, count: 0 };
          return { method: "POST", path: "/api/scan/parent", token: user.token, body: { qr }, route: "parent scan" };
        }
        parent.count += 1;
        return { method: "POST", path: "/api/scan/child", token: user.token, body: { parentQr: parent.qr, qr: `${childPrefix}${pad(childSeq++, 7)}` }, route: "child scan" };
      },
    };
  });
}

function every(everyS: number, route: string, make: (i: number) => { path: string; token: string; base?: string }): OpenLoopClient {
  let i = 0;
  return { everyS, next: () => ({ method: "GET", ...make(i++), route }) };
}

/** Child scans spread so that concurrent requests rarely share a parent (64 parents per wave of 15). */
/**
 * Child scans into a pool's parents, 64 parents at a time until each holds 15. `keyed`: each scan
 * carries an idempotency key, as the scan station sends every scan; `start` skips the parents an
 * earlier builder over the same pool filled (960 scans a block of 64).
 */
function childScanBuilder(pool: SpareParent[], byArea: Map<string, BenchUser[]>, labelPrefix: string, { keyed = false, start = 0 } = {}) {
  let k = start;
  return () => {
    const n = k++;
    const parent = pool[Math.floor(n / (64 * 15)) * 64 + (n % 64)] ?? pool[n % pool.length];
    const users = (parent && byArea.get(parent.area)) ?? [];
    const key = keyed ? { idempotencyKey: `bench-${labelPrefix}-${n}` } : {};
    return { path: "/api/scan/child", token: users[n % users.length]?.token, body: { parentQr: parent?.qr, qr: `${labelPrefix}${pad(n, 7)}`, ...key } };
  };
}

async function settleAfterLoad(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe("vacuum (analyze) bags, links, scans, bills, bill_bags, audit_log");
    await sql.unsafe("checkpoint");
  } finally {
    await sql.end();
  }
}

/** Fresh planner statistics for the tables the fixtures wrote to after settleAfterLoad. */
async function analyzeFixtures(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe("analyze bills, bill_bags, bags, gate_passes, customers, user_customers, users, sessions");
  } finally {
    await sql.end();
  }
}

/** Least-squares slope of [x, y] points (NaN under two points). */
function slope(points: [number, number][]): number {
  if (points.length < 2) return NaN;
  const n = points.length;
  const mx = points.reduce((t, [x]) => t + x, 0) / n;
  const my = points.reduce((t, [, y]) => t + y, 0) / n;
  const sxx = points.reduce((t, [x]) => t + (x - mx) ** 2, 0);
  return sxx > 0 ? points.reduce((t, [x, y]) => t + (x - mx) * (y - my), 0) / sxx : NaN;
}

/** Two measurements of one route as one row: summed requests, mean throughput, worst tails. */
function meanOf(route: string, x: RouteResult, y: RouteResult): RouteResult {
  return {
    route,
    requests: x.requests + y.requests,
    errors: x.errors + y.errors,
    rps: Math.round(((x.rps + y.rps) / 2) * 10) / 10,
    p50: (x.p50 + y.p50) / 2,
    p95: Math.max(x.p95, y.p95),
    p99: Math.max(x.p99, y.p99),
    samples: [...x.samples, ...y.samples],
    cpu: x.cpu && y.cpu ? { next: (x.cpu.next + y.cpu.next) / 2, postgres: (x.cpu.postgres + y.cpu.postgres) / 2, redis: (x.cpu.redis + y.cpu.redis) / 2, other: (x.cpu.other + y.cpu.other) / 2 } : undefined,
  };
}

async function main(): Promise<number> {
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}`;
  const dbName = `tt_bench_${Date.now().toString(36)}`;
  const servers: RunningServer[] = [];
  let dbUrl: string | undefined;
  try {
    if (!opt["no-build"]) {
      log(`next build → ${DIST_DIR}`);
      build();
    } else if (!existsSync(`${DIST_DIR}/BUILD_ID`)) {
      throw new Error(`--no-build: no production build in ${DIST_DIR}/ (build first, or drop --no-build)`);
    }
    // A standalone build runs as a container would (node server.js); an older plain build in
    // --dist-dir still runs through `next start`.
    const standalone = existsSync(`${DIST_DIR}/standalone/server.js`) ? prepareStandalone(DIST_DIR) : undefined;
    log(standalone ? `servers: ${standalone} (standalone)` : `servers: next start on ${DIST_DIR} (not a standalone build)`);
    await flushOwnRedis();
    dbUrl = await createDatabase(PG_ADMIN, dbName);
    log(`database ${dbName}: seeding ${cfg.bags.toLocaleString("en-IN")} bags`);
    const handle = createDb({ url: dbUrl, poolMax: 2 });
    const seeded = await seedLarge(handle, { bags: cfg.bags, log: (l) => log(l) });
    await handle.close();
    log(`seeded in ${seeded.seconds.toFixed(1)} s`);
    // Measure the steady state, not the bulk load's aftermath: vacuum (visibility map, so counts
    // and keyset pages can use index-only scans — autovacuum would get there later) and flush the
    // load's dirty pages now, instead of a checkpoint writing gigabytes under the floor load and
    // making every commit's WAL flush wait behind it.
    log("vacuum and checkpoint after the bulk load");
    await settleAfterLoad(dbUrl);
    const dispatchers = await createSessions(dbUrl, seeded.users.dispatchers, 4);
    const billers = await createSessions(dbUrl, seeded.users.billers.map((b) => ({ ...b, area: null })), 10);
    const [kickMe] = await createSessions(dbUrl, seeded.users.dispatchers.slice(0, 1), 1);
    const byArea = new Map<string, BenchUser[]>(DISPATCH_AREAS.map((a) => [a, dispatchers.filter((d) => d.area === a)]));
    // Four pools of M444 parents (route, SQL baseline, two instances, CPU per request; 15 children
    // each), each for up to 3,000 child scans a second over its phases: the two-instance pool serves
    // "A alone" twice, each with its warm-up (a quick run on a quiet machine once filled them and
    // answered parent_full).
    const spares = await createSpareParents(dbUrl, 4 * Math.ceil((3000 * 2 * (cfg.warmS + cfg.satS)) / 15));
    const [satPool, sqlPool, twoPool, costPool] = [0, 1, 2, 3].map((k) => spares.filter((_, i) => i % 4 === k)) as [SpareParent[], SpareParent[], SpareParent[], SpareParent[]];
    const labels = await sampleLabels(dbUrl, 2000);
    const gatePassSecret = randomBytes(32).toString("hex");
    // Each gate scan admits a fresh pass: enough for ~2500 scans/s over the warm-up and the run.
    const gate = await createGatePasses(dbUrl, 2500 * (cfg.warmS + cfg.satS), gatePassSecret);
    const [gateUser] = await createSessions(dbUrl, [gate.user], 1);
    const portal = await createPortalAccount(dbUrl);
    const [portalUser] = await createSessions(dbUrl, [portal.user], 1);
    const fiftyBill = await createFiftyParentBill(dbUrl, seeded.users.billers[0]?.id ?? "");
    // The fixtures above added ~30k bills and their passes after the load's ANALYZE: planned on
    // statistics that still say "1,550 bills, no passes", the portal grid spent 0.46 s of
    // PostgreSQL CPU a request (a seq scan of bills per page) instead of ~15 ms. In production
    // autovacuum analyzes as tables grow; here the run must not measure a stale plan.
    await analyzeFixtures(dbUrl);

    const appDbUrl = useSocket ? `${dbUrl}?host=${encodeURIComponent(PG_SOCKET_DIR)}` : dbUrl;
    log(`the app reaches PostgreSQL over ${useSocket ? `the Unix socket in ${PG_SOCKET_DIR}` : "TCP"}`);
    const env = {
      NODE_ENV: "production",
      // The loop/GC probe (scripts/bench/loop-probe.mjs) rides along in every server.
      NODE_OPTIONS: `${SERVER_NODE_OPTIONS} --import ${LOOP_PROBE}`,
      BENCH_PROBE_DIR: probeDir(),
      NEXT_DIST_DIR: DIST_DIR,
      DATABASE_URL: appDbUrl,
      REDIS_URL,
      DB_POOL_MAX: String(POOL_MAX),
      AUTH_SECRET: randomBytes(32).toString("hex"),
      GATE_PASS_SECRET: gatePassSecret,
      // Scheduled backups would dump the 2M-bag database in the middle of a measurement.
      BACKUP_SCHEDULE: "off",
      // The end-of-day mail would fire mid-run after 20:00 IST.
      EOD_MAIL: "off",
      ADMIN_PASSWORD: "bench-admin-pass",
      COOKIE_SECURE: "false",
      // Production requires the base of mailed links (the benchmark mails none): server A's address.
      APP_URL: `http://127.0.0.1:${cfg.port}`,
      TRUST_PROXY: "1",
      SESSION_IDLE_MINUTES: "180",
      SESSION_ABSOLUTE_MINUTES: "240",
    };
    const a = startNext("A", cfg.port, env, standalone);
    servers.push(a);
    const bare = startBareServer(cfg.port + 10);
    servers.push(bare);
    await waitHealthy(a);
    await waitHealthy(bare, "/");
    log("server A up; warming up");
    const dispatcher = (i: number) => dispatchers[i % dispatchers.length]?.token ?? "";
    const biller = (i: number) => billers[i % billers.length]?.token ?? "";
    const label = (i: number) => labels[(i * 7919) % labels.length] ?? "SB10001";
    // A server that just started compiles each route on its first requests: `times` of each path, as billers.
    const warm = async (server: RunningServer, paths: string[], times: number) => {
      for (const path of paths) for (let i = 0; i < times; i += 1) await fetch(server.url + path, { headers: { cookie: `authjs.session-token=${biller(i)}` } });
    };
    await warm(a, ["/api/stats", "/api/stats/activity", "/bags", "/dashboard", `/api/bag/${label(1)}`], 20);
    await new Promise((r) => setTimeout(r, 1500));

    // A few seconds of the same floor traffic, unrecorded (other labels): a server that just
    // started compiles and optimises its scan routes on the first requests.
    log("warming up the scan routes");
    await runOpenLoop(a.url, scanners(dispatchers.slice(0, 200), { firstParent: 10_000, childPrefix: "9" }), cfg.warmS * 2);
    log(`floor load for ${cfg.floorS} s`);
    const floorRss = watchRss(a);
    await readProbe(a); // starts the probe's count at the floor load
    const loadgenCpu = process.cpuUsage();
    const loadgenStarted = performance.now();
    // `pagesOn`: another instance's origin for the two pages (the "pages off the scan process" lever).
    const floorMix = (scanning: OpenLoopClient[], pagesOn?: string): OpenLoopClient[] => [
      ...scanning,
      ...Array.from({ length: 20 }, (_, i) => every(5, "GET /api/stats", () => ({ path: "/api/stats", token: i % 2 ? biller(i) : dispatcher(i) }))),
      ...Array.from({ length: 5 }, (_, c) => every(1, "GET /api/bag/[qr]", (i) => ({ path: `/api/bag/${label(i * 5 + c)}`, token: biller(c) }))),
      ...Array.from({ length: 2 }, (_, c) => every(2, "bag list page", (i) => ({ path: i % 2 ? "/bags?type=parent" : "/bags", token: c ? biller(c) : dispatcher(c), base: pagesOn }))),
      every(2, "dashboard page", (i) => ({ path: "/dashboard", token: dispatcher(i), base: pagesOn })),
      // The bare route at 5/s (one client every 0.2 s): the tail any request pays on this event
      // loop under this load — the floor a scan's tail is compared with.
      every(0.2, "probe: bare Next route", () => ({ path: "/api/health/live", token: "" })),
    ];
    const floorRecs = await runOpenLoop(a.url, floorMix(scanners(dispatchers.slice(0, 200))), cfg.floorS);
    const loadgen = process.cpuUsage(loadgenCpu);
    const loadgenPct = ((loadgen.user + loadgen.system) / 1000 / (performance.now() - loadgenStarted)) * 100;
    const floorProbe = await readProbe(a);
    const floorRssMb = floorRss();
    const order = ["child scan", "parent scan", "GET /api/bag/[qr]", "GET /api/stats", "bag list page", "dashboard page", "probe: bare Next route"];
    const floor = order.flatMap((r) => floorRecs.get(r)?.result(cfg.floorS) ?? []);

    // Memory over a longer stretch of the same floor load: RSS every 10 s for the warm-up and the
    // soak's minutes; its growth per minute by least squares over the soak's minutes (after the
    // warm-up), and — for comparison — over everything after the first minute.
    let soak: SoakResult | null = null;
    if (cfg.soakMin > 0) {
      const total = cfg.soakWarmMin + cfg.soakMin;
      log(`soak: ${cfg.soakWarmMin} min warm-up + ${cfg.soakMin} min measured, floor load, RSS every 10 s`);
      const samples: [number, number][] = [];
      const soakStarted = Date.now();
      await readProbe(a); // the heap after each full collection, from here
      const timer = setInterval(() => samples.push([(Date.now() - soakStarted) / 60_000, treeRssMb(a.child.pid)]), 10_000);
      const recs = await runOpenLoop(a.url, floorMix(scanners(dispatchers.slice(0, 200), { firstParent: 12_000, childPrefix: "K" })), total * 60);
      clearInterval(timer);
      const measured = ([m]: [number, number]) => m >= Math.max(1, cfg.soakWarmMin);
      const heapAfterGc = ((await readProbe(a))?.heapAfterMajorGc ?? []).map(([s, mb]): [number, number] => [s / 60, mb]);
      soak = {
        minutes: cfg.soakMin,
        warmMinutes: cfg.soakWarmMin,
        samples,
        slopeMbPerMin: slope(samples.filter(measured)),
        wholeSlopeMbPerMin: slope(samples.filter(([m]) => m >= 1)),
        maxMb: Math.max(0, ...samples.filter(measured).map(([, mb]) => mb)),
        errors: [...recs.values()].reduce((n, r) => n + r.errors, 0),
        errorSamples: [...recs.values()].filter((r) => r.errors > 0).map((r) => `${r.route}: ${r.errors}, e.g. ${r.samples.join(" | ")}`),
        heapAfterGc,
        heapSlopeMbPerMin: slope(heapAfterGc.filter(measured)),
      };
    }

    const serverPids = () => servers.flatMap((s) => (s.child.pid ? [s.child.pid] : []));
    // Each route gets a short unrecorded warm-up at the same concurrency (JIT, pool, plan caches),
    // then the measured run, with the CPU it cost each process.
    const sat = async (route: string, url: string, build: () => { path: string; token?: string; body?: unknown }, method: "GET" | "POST" = "GET", connections = cfg.connections, addresses?: number) => {
      log(`saturation: ${route}`);
      await saturate({ route, url, method, build, connections, seconds: cfg.warmS, addresses });
      const meter = cpuMeter(serverPids);
      const result = await saturate({ route, url, method, build, connections, seconds: cfg.satS, addresses });
      return { ...result, cpu: meter(result.requests) };
    };
    const satRss = watchRss(a);
    // The bare Next route handler (app/api/health/live: constant JSON, no database), measured
    // before and after the routes; the baseline is the mean of the two (the machine drifts).
    const bareNextFirst = await sat("baseline: bare Next route", a.url, () => ({ path: "/api/health/live" }));
    const saturation = [];
    saturation.push(await sat("child scan", a.url, childScanBuilder(satPool, byArea, "7"), "POST"));
    let ps = 0;
    saturation.push(
      await sat("parent scan", a.url, () => {
        const p = satPool[ps++ % satPool.length];
        return { path: "/api/scan/parent", token: byArea.get(p?.area ?? "")?.[ps % 20]?.token, body: { qr: p?.qr } };
      }, "POST"),
    );
    let bi = 0;
    saturation.push(await sat("GET /api/bag/[qr]", a.url, () => ({ path: `/api/bag/${label(bi++)}`, token: biller(bi) })));
    let si = 0;
    saturation.push(await sat("GET /api/stats", a.url, () => ({ path: "/api/stats", token: si++ % 2 ? biller(si) : dispatcher(si) })));
    let li = 0;
    saturation.push(await sat("bag list page", a.url, () => ({ path: li++ % 2 ? "/bags?type=parent" : "/bags", token: biller(li) })));
    let di = 0;
    saturation.push(await sat("dashboard page", a.url, () => ({ path: "/dashboard", token: dispatcher(di++) })));
    let gi = 0;
    // A gate is one PC (120 scans a minute per address): the run comes from 8192 addresses, so the
    // limiter is on the path but never the bottleneck.
    saturation.push(
      await sat("gate scan", a.url, () => ({ path: "/api/gate/scan", token: gateUser?.token, body: { payload: gate.payloads[gi++] } }), "POST", cfg.connections, 8192),
    );
    let pi = 0;
    // A dealer's grid over the 2M-bag dataset: search, filter and sorts within its ten customers.
    saturation.push(await sat("portal grid", a.url, () => ({ path: portal.queries[pi++ % portal.queries.length] ?? "", token: portalUser?.token })));
    const saturationRssMb = satRss();
    const bareNextLast = await sat("baseline: bare Next route", a.url, () => ({ path: "/api/health/live" }));
    const framework = meanOf("baseline: bare Next route", bareNextFirst, bareNextLast);
    const bareResult = await sat("baseline: bare node:http", bare.url, () => ({ path: "/" }));

    // Server CPU per request (issue 20's ratios): a fixed number of requests per route at 4
    // connections, each completed, with the CPU of the server process around them.
    const measureCpu = async (route: string, build: () => { path: string; token?: string; body?: unknown }, amount: number, method: "GET" | "POST" = "GET", addresses?: number, warm = true) => {
      if (warm) await saturate({ route, url: a.url, method, build, connections: 4, seconds: 0, amount: Math.max(10, Math.round(amount / 5)), addresses });
      const meter = cpuMeter(serverPids);
      const result = await saturate({ route, url: a.url, method, build, connections: 4, seconds: 0, amount, addresses });
      return { ...result, cpu: meter(result.requests) };
    };
    // A route with a target ratio alternates with its baseline in slices (baseline, route,
    // baseline, … route, baseline: cfg.costSlices of each, the same requests in all as one block):
    // this VM's speed drifts within a run and within a minute (the bare route's CPU once read
    // 2.84 ms at the start of this phase and 1.49 ms in the next run; one route's ratio moved by a
    // third between runs with a baseline measured once before and once after it). The row's ratio
    // is its CPU per request over all its slices ÷ its baselines' over all theirs: a slice of 400
    // requests is ≈ half a second of CPU, and one major GC landing in it moves its own ratio by
    // half (slices of one run read 0.74–1.88× for the same route), while GC is a real cost of the
    // route and belongs in the mean. Each slice's ratio, against the mean of the baselines on
    // either side of it, is printed as the row's spread.
    const baselines = {
      bare: (warm: boolean, slices: number) => measureCpu("bare Next route", () => ({ path: "/api/health/live" }), Math.round(cfg.costRoutes / slices), "GET", undefined, warm),
      page: (warm: boolean, slices: number) =>
        measureCpu("baseline page (50 rows)", () => ({ path: "/bench/baseline", token: biller(0) }), Math.round(cfg.costPages / slices), "GET", undefined, warm),
    };
    const costOf = async (route: string, build: () => { path: string; token?: string; body?: unknown }, amount: number, method: "GET" | "POST" = "GET", addresses?: number, beside?: keyof typeof baselines): Promise<RouteResult> => {
      log(`cpu per request: ${route}`);
      if (!beside) return measureCpu(route, build, amount, method, addresses);
      const slices = cfg.costSlices;
      const base = [await baselines[beside](true, slices)];
      const runs: Awaited<ReturnType<typeof measureCpu>>[] = [];
      for (let i = 0; i < slices; i += 1) {
        runs.push(await measureCpu(route, build, Math.round(amount / slices), method, addresses, i === 0));
        base.push(await baselines[beside](false, slices));
      }
      const cpuOf = (x: { cpu?: { next: number } }) => x.cpu?.next ?? NaN;
      const ratios = runs.map((run, i) => cpuOf(run) / ((cpuOf(base[i] ?? {}) + cpuOf(base[i + 1] ?? {})) / 2)).sort((x, y) => x - y);
      const requests = runs.reduce((n, run) => n + run.requests, 0);
      const perRequest = (pick: (c: CpuByProcess) => number) => runs.reduce((n, run) => n + (run.cpu ? pick(run.cpu) * run.requests : NaN), 0) / requests;
      const baseRequests = base.reduce((n, run) => n + run.requests, 0);
      const last = runs[runs.length - 1];
      if (!last) throw new Error(`cpu per request: ${route} ran no slice`);
      return {
        ...last,
        requests,
        errors: runs.reduce((n, run) => n + run.errors, 0),
        rps: runs.reduce((n, run) => n + run.rps, 0) / runs.length,
        samples: runs.flatMap((run) => run.samples).slice(0, 3),
        cpu: { next: perRequest((c) => c.next), postgres: perRequest((c) => c.postgres), redis: perRequest((c) => c.redis), other: perRequest((c) => c.other) },
        baselineCpu: base.reduce((n, run) => n + cpuOf(run) * run.requests, 0) / baseRequests,
        ratioSpread: [ratios[0] ?? NaN, ratios[ratios.length - 1] ?? NaN],
        slices,
      };
    };
    const hasBaselinePage = (await fetch(`${a.url}/bench/baseline`, { headers: { cookie: `authjs.session-token=${biller(0)}` } })).status === 200;
    if (!hasBaselinePage) log("no /bench/baseline in this build (a production build): the page ratios are not measured");
    const cost: RouteResult[] = [];
    cost.push(await costOf("bare Next route", () => ({ path: "/api/health/live" }), cfg.costRoutes));
    const page = hasBaselinePage ? "page" : undefined;
    if (page) cost.push(await costOf("baseline page (50 rows)", () => ({ path: "/bench/baseline", token: biller(0) }), cfg.costPages));
    cost.push(await costOf("child scan", childScanBuilder(costPool, byArea, "C"), cfg.costRoutes, "POST", undefined, "bare"));
    // The stations' own request: every scan they send carries an idempotency key (from its 4th block of parents on).
    cost.push(await costOf("child scan (keyed)", childScanBuilder(costPool, byArea, "Q", { keyed: true, start: 960 * 4 }), cfg.costRoutes, "POST", undefined, "bare"));
    // The framework's floors under the routes (app/api/bench/*/route.bench.ts, in the bench's own
    // build only): a JSON POST read and answered with nothing else, and one PostgreSQL round trip
    // under a GET — what a scan pays before any of its own work.
    const hasFloors = (await fetch(`${a.url}/api/bench/db`)).status === 200;
    if (hasFloors) {
      let fp = 0;
      cost.push(await costOf("floor: JSON POST", () => ({ path: "/api/bench/post", body: { parentQr: "M444-90001", qr: `F${pad(fp++, 7)}`, idempotencyKey: `bench-floor-${fp}` } }), cfg.costRoutes, "POST", undefined, "bare"));
      cost.push(await costOf("floor: one PG round trip", () => ({ path: "/api/bench/db" }), cfg.costRoutes, "GET", undefined, "bare"));
    }
    cost.push(await costOf("GET /api/bag/[qr]", () => ({ path: `/api/bag/${label(bi++)}`, token: biller(bi) }), cfg.costRoutes, "GET", undefined, "bare"));
    cost.push(await costOf("GET /api/stats", () => ({ path: "/api/stats", token: si++ % 2 ? biller(si) : dispatcher(si) }), cfg.costRoutes, "GET", undefined, "bare"));
    cost.push(await costOf("gate scan", () => ({ path: "/api/gate/scan", token: gateUser?.token, body: { payload: gate.payloads[gi++] } }), cfg.costRoutes, "POST", 8192, "bare"));
    cost.push(await costOf("portal grid", () => ({ path: portal.queries[pi++ % portal.queries.length] ?? "", token: portalUser?.token }), cfg.costPages, "GET", undefined, "bare"));
    cost.push(await costOf("bag list page", () => ({ path: li++ % 2 ? "/bags?type=parent" : "/bags", token: biller(li) }), cfg.costPages, "GET", undefined, page));
    cost.push(await costOf("dashboard page", () => ({ path: "/dashboard", token: dispatcher(di++) }), cfg.costPages, "GET", undefined, page));
    cost.push(await costOf("bill page (50 parents)", () => ({ path: `/bills/${fiftyBill}`, token: biller(li++) }), cfg.costPages, "GET", undefined, page));
    // Filters at scale (issue 20): the bag list under single filters that are selective or walk
    // far on the 2M bags, and the lookup's substring search ("4-1234" is no label's prefix, so it
    // reaches the trigram search); each should keep ≥ 1/3 of the unfiltered list's throughput
    // ("bag list page" above), both read here: a closed loop of 4 connections keeps the two cores
    // busy with every request completed. (At 50 connections, a quick run in CI once pushed the
    // 256 MB heap into an out-of-memory crash with these pages queued: see BENCHMARKS.md.)
    const threeDaysAgo = istDay(new Date(Date.now() - 3 * 86_400_000));
    for (const [route, path] of FILTERED_LISTS(threeDaysAgo)) {
      let fi = 0;
      cost.push(await costOf(route, () => ({ path, token: biller(fi++) }), cfg.costPages));
    }
    const pageBytes = await Promise.all(
      [["/bench/baseline", hasBaselinePage], ["/bags", true], ["/dashboard", true], [`/bills/${fiftyBill}`, true]].filter(([, on]) => on).map(async ([p]) => {
        const res = await fetch(`${a.url}${p}`, { headers: { cookie: `authjs.session-token=${biller(1)}` } });
        return { path: String(p), bytes: (await res.arrayBuffer()).byteLength };
      }),
    );

    // Data in and out (issue 16): a 100k-row import and the first 1M rows of the bag export.
    const [admin] = await createSessions(dbUrl, [await createBenchAdmin(dbUrl)], 1);
    const importRows = quick ? 2_000 : 100_000;
    log(`import: ${importRows.toLocaleString("en-IN")} rows`);
    const data = [await benchImport(a, dbUrl, admin?.token ?? "", importCsv(importRows, DISPATCH_AREAS), importRows)];
    log("export: bags CSV");
    data.push(
      await benchExport(a, dbUrl, admin?.token ?? "", "/api/exports/bags.csv", quick ? 20_000 : 1_000_000,
        "select b.qr, b.type, b.dispatch_area, b.status, b.child_count, b.created_at from bags b order by b.created_at desc, b.id desc"),
    );

    let two = null;
    if (!opt["no-two"]) {
      const b = startNext("B", cfg.port + 1, env, standalone);
      servers.push(b);
      await waitHealthy(b);
      await warm(b, ["/api/stats"], 20);
      await new Promise((r) => setTimeout(r, 1000));
      const scanner = byArea.get("lucknow")?.[1] ?? dispatchers[0];
      const checks = [
        await checkStats(a.url, b.url, { token: scanner?.token ?? "", area: "lucknow" }, biller(0), "SB98765"),
        await checkRateLimit(a.url, b.url),
        await checkSessions(dbUrl, a.url, b.url, kickMe?.token ?? ""),
      ];
      // The tail lever: the same floor load with the two pages served by another instance, so a
      // scan on A never waits behind a page render on A's event loop (both processes still share
      // the 2 cores). Scanners start at `firstParent`/`childPrefix` so each run scans new labels.
      const floorWithPagesOn = async (pages: RunningServer, firstParent: number, childPrefix: string) => {
        await warm(pages, ["/bags", "/bags?type=parent", "/dashboard"], 5);
        const recs = await runOpenLoop(a.url, floorMix(scanners(dispatchers.slice(0, 200), { firstParent, childPrefix }), pages.url), cfg.floorS);
        return order.flatMap((r) => recs.get(r)?.result(cfg.floorS) ?? []);
      };
      log("two instances: the floor load with the pages on B");
      const splitFloor = await floorWithPagesOn(b, 17_000, "W");
      // The same split with the pages' instance at a lower CPU priority (nice 10; compose.yaml's
      // cpu_shares): on shared cores the scheduler then runs A and PostgreSQL first, so a scan
      // waits neither behind a render on its own loop nor for a core a render holds.
      log("two instances: the floor load with the pages on a lower-priority instance (nice 10)");
      const pagesAt = startNext("P", cfg.port + 2, env, standalone, { nice: 10 });
      servers.push(pagesAt);
      await waitHealthy(pagesAt);
      const niceFloor = await floorWithPagesOn(pagesAt, 18_000, "V");
      await stop(pagesAt);
      servers.splice(servers.indexOf(pagesAt), 1);
      log("two instances: child scans on A and B at once");
      const half = Math.floor(cfg.connections / 2);
      // A alone before and after A + B (averaged, like the bare baseline): the machine drifts.
      const aloneBuilder = childScanBuilder(twoPool.slice(0, twoPool.length / 2), byArea, "6");
      const aloneFirst = await sat("child scan, A alone (50 conn)", a.url, aloneBuilder, "POST");
      const builder = childScanBuilder(twoPool.slice(twoPool.length / 2), byArea, "3");
      await Promise.all([saturate({ route: "A", url: a.url, method: "POST", build: builder, connections: half, seconds: cfg.warmS }), saturate({ route: "B", url: b.url, method: "POST", build: builder, connections: half, seconds: cfg.warmS })]);
      const bothMeter = cpuMeter(serverPids);
      const [ra, rb] = await Promise.all([
        saturate({ route: "A", url: a.url, method: "POST", build: builder, connections: half, seconds: cfg.satS }),
        saturate({ route: "B", url: b.url, method: "POST", build: builder, connections: half, seconds: cfg.satS }),
      ]);
      const requests = ra.requests + rb.requests;
      const combined = { ...ra, route: "child scan, A + B (25 + 25 conn)", requests, errors: ra.errors + rb.errors, rps: ra.rps + rb.rps, p50: Math.max(ra.p50, rb.p50), p95: Math.max(ra.p95, rb.p95), p99: Math.max(ra.p99, rb.p99), samples: [...ra.samples, ...rb.samples], cpu: bothMeter(requests) };
      const aloneLast = await sat("child scan, A alone (50 conn)", a.url, aloneBuilder, "POST");
      const single = meanOf("child scan, A alone (50 conn)", aloneFirst, aloneLast);
      two = { single, combined, checks, splitFloor, niceFloor };
    }
    // Every scan, bill, import and race above went through the app: no bag's stored parent, bill
    // or child count may disagree with the rows they are kept from (the SQL baseline below writes
    // around the app, so it comes after).
    log("integrity: bags against links and bills");
    const integrity = await checkFollows(dbUrl);
    // Last: it writes around the app, so the counters drift until the next reconciliation.
    log("baseline: child-scan SQL through postgres.js");
    const sqlParents = sqlPool.map((p) => ({ ...p, userId: byArea.get(p.area)?.[0]?.id ?? "" }));
    const sqlResult = await runSqlChildScans(dbUrl, sqlParents, cfg.connections, cfg.satS, POOL_MAX, {
      socketDir: useSocket ? PG_SOCKET_DIR : undefined,
      meter: () => cpuMeter(serverPids),
    });

    const { errors } = printReport({
      machine: `${machine}; PostgreSQL over ${useSocket ? "its Unix socket" : "TCP"}; server ${SERVER_NODE_OPTIONS}`,
      bags: cfg.bags,
      floorSeconds: cfg.floorS,
      saturationSeconds: cfg.satS,
      connections: cfg.connections,
      floor,
      floorRssMb,
      saturation,
      saturationRssMb,
      baselines: { bare: bareResult, framework: framework.errors === 0 ? framework : null, sql: sqlResult },
      two,
      data,
      full: !quick,
      cost,
      pageBytes,
      floorProbe,
      loadgenPct,
      soak,
    });
    console.log(`\n${integrity.ok ? "ok    " : "FAILED"} ${integrity.name}: ${integrity.detail}`);
    const failedChecks = (two?.checks.filter((c) => c.ok === false).length ?? 0) + (integrity.ok ? 0 : 1);
    if (errors > 0 || failedChecks > 0) {
      console.error(`\n[bench] FAILED: ${errors} request errors, ${failedChecks} coherence checks failed`);
      for (const s of servers) if (s.log.some((l) => /error/i.test(l))) console.error(`--- ${s.name} log (tail)\n${s.log.slice(-15).join("\n")}`);
      return 1;
    }
    return 0;
  } finally {
    for (const s of servers) await stop(s);
    removeProbeDir();
    if (dbUrl) await dropDatabase(PG_ADMIN, dbName).catch((err: unknown) => console.error("[bench] could not drop", dbName, err));
    await flushOwnRedis().catch(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error("[bench] failed:", err);
    process.exit(1);
  },
);
