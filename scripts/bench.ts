// `npm run bench [-- --quick] [--bags N] [--no-build] [--no-two]`: builds (NEXT_DIST_DIR=.next-bench),
// creates and seeds its own database, runs `next start` against it (PostgreSQL + a Redis DB of
// its own), measures floor load (open loop) and saturation (closed loop, autocannon) per route
// with two baselines, then two instances side by side; prints the table, drops the database.
// --quick: ~20k bags and short phases for CI; exits non-zero if any request errs.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpus, totalmem } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { createDb } from "../db/client";
import { DISPATCH_AREAS } from "../lib/domain";
import { checkRateLimit, checkSessions, checkStats } from "./bench/coherence";
import { createDatabase, createSessions, createSpareParents, dropDatabase, sampleLabels, type BenchUser, type SpareParent } from "./bench/fixtures";
import { runOpenLoop, type OpenLoopClient, type PlannedRequest } from "./bench/open-loop";
import { printReport } from "./bench/report";
import { saturate } from "./bench/saturate";
import { startBareServer, startNext, stop, waitHealthy, watchRss, type RunningServer } from "./bench/server";
import { runSqlChildScans } from "./bench/sql-baseline";
import { seedLarge } from "./seed-large";

const { values: opt } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    bags: { type: "string" },
    "no-build": { type: "boolean", default: false },
    "no-two": { type: "boolean", default: false },
    port: { type: "string", default: "3400" },
  },
  strict: true,
});
const quick = opt.quick ?? false;
const cfg = {
  bags: Number(opt.bags ?? (quick ? 20_000 : 2_000_000)),
  floorS: quick ? 8 : 45,
  satS: quick ? 3 : 10,
  connections: 50,
  port: Number(opt.port),
};
const PG_ADMIN = process.env.BENCH_PG_URL ?? "postgres://root@127.0.0.1:5432/postgres";
// A Redis database of its own, emptied before and after (never FLUSHALL, never DB 0).
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/3";
const POOL_MAX = 10;

const log = (line: string) => console.log(`[bench] ${line}`);
const pad = (n: number, w: number) => String(n).padStart(w, "0");

function build(): void {
  // next build rewrites tsconfig.json for a new distDir; keep the developer's files as they were.
  const kept = ["tsconfig.json", "next-env.d.ts"].map((f) => [f, readFileSync(f, "utf8")] as const);
  try {
    const res = spawnSync("./node_modules/.bin/next", ["build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_DIST_DIR: ".next-bench" } });
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
function scanners(tokens: BenchUser[]): OpenLoopClient[] {
  let parentSeq = 0;
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
        return { method: "POST", path: "/api/scan/child", token: user.token, body: { parentQr: parent.qr, qr: `8${pad(childSeq++, 7)}` }, route: "child scan" };
      },
    };
  });
}

function every(everyS: number, route: string, make: (i: number) => { path: string; token: string }): OpenLoopClient {
  let i = 0;
  return { everyS, next: () => ({ method: "GET", ...make(i++), route }) };
}

/** Child scans spread so that concurrent requests rarely share a parent (64 parents per wave of 15). */
function childScanBuilder(pool: SpareParent[], byArea: Map<string, BenchUser[]>, labelPrefix: string) {
  let k = 0;
  return () => {
    const n = k++;
    const parent = pool[Math.floor(n / (64 * 15)) * 64 + (n % 64)] ?? pool[n % pool.length];
    const users = (parent && byArea.get(parent.area)) ?? [];
    return { path: "/api/scan/child", token: users[n % users.length]?.token, body: { parentQr: parent?.qr, qr: `${labelPrefix}${pad(n, 7)}` } };
  };
}

async function main(): Promise<number> {
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}`;
  const dbName = `tt_bench_${Date.now().toString(36)}`;
  const servers: RunningServer[] = [];
  let dbUrl: string | undefined;
  try {
    if (!opt["no-build"]) {
      log("next build → .next-bench");
      build();
    }
    await flushOwnRedis();
    dbUrl = await createDatabase(PG_ADMIN, dbName);
    log(`database ${dbName}: seeding ${cfg.bags.toLocaleString("en-IN")} bags`);
    const handle = createDb({ url: dbUrl, poolMax: 2 });
    const seeded = await seedLarge(handle, { bags: cfg.bags, log: (l) => log(l) });
    await handle.close();
    log(`seeded in ${seeded.seconds.toFixed(1)} s`);
    const dispatchers = await createSessions(dbUrl, seeded.users.dispatchers, 4);
    const billers = await createSessions(dbUrl, seeded.users.billers.map((b) => ({ ...b, area: null })), 10);
    const [kickMe] = await createSessions(dbUrl, seeded.users.dispatchers.slice(0, 1), 1);
    const byArea = new Map<string, BenchUser[]>(DISPATCH_AREAS.map((a) => [a, dispatchers.filter((d) => d.area === a)]));
    // Three pools (route, SQL baseline, two instances), each for ≥ 3000 scans/s of 15 children per parent.
    const spares = await createSpareParents(dbUrl, 3 * Math.ceil((3000 * cfg.satS) / 15));
    const [satPool, sqlPool, twoPool] = [spares.filter((_, i) => i % 3 === 0), spares.filter((_, i) => i % 3 === 1), spares.filter((_, i) => i % 3 === 2)];
    const labels = await sampleLabels(dbUrl, 2000);

    const env = {
      NODE_ENV: "production",
      NEXT_DIST_DIR: ".next-bench",
      DATABASE_URL: dbUrl,
      REDIS_URL,
      DB_POOL_MAX: String(POOL_MAX),
      AUTH_SECRET: randomBytes(32).toString("hex"),
      ADMIN_PASSWORD: "bench-admin-pass",
      COOKIE_SECURE: "false",
      TRUST_PROXY: "1",
      SESSION_IDLE_MINUTES: "180",
      SESSION_ABSOLUTE_MINUTES: "240",
    };
    const a = startNext("A", cfg.port, env);
    servers.push(a);
    const bare = startBareServer(cfg.port + 10);
    servers.push(bare);
    await waitHealthy(a);
    await waitHealthy(bare, "/");
    log("server A up; warming up");
    const dispatcher = (i: number) => dispatchers[i % dispatchers.length]?.token ?? "";
    const biller = (i: number) => billers[i % billers.length]?.token ?? "";
    const label = (i: number) => labels[(i * 7919) % labels.length] ?? "SB10001";
    for (const path of ["/api/stats", "/api/stats/activity", "/bags", "/dashboard", `/api/bag/${label(1)}`]) {
      for (let i = 0; i < 20; i += 1) await fetch(a.url + path, { headers: { cookie: `authjs.session-token=${biller(i)}` } });
    }
    await new Promise((r) => setTimeout(r, 1500));

    log(`floor load for ${cfg.floorS} s`);
    const floorRss = watchRss(a);
    const floorClients: OpenLoopClient[] = [
      ...scanners(dispatchers.slice(0, 200)),
      ...Array.from({ length: 20 }, (_, i) => every(5, "GET /api/stats", () => ({ path: "/api/stats", token: i % 2 ? biller(i) : dispatcher(i) }))),
      ...Array.from({ length: 5 }, (_, c) => every(1, "GET /api/bag/[qr]", (i) => ({ path: `/api/bag/${label(i * 5 + c)}`, token: biller(c) }))),
      ...Array.from({ length: 2 }, (_, c) => every(2, "bag list page", (i) => ({ path: i % 2 ? "/bags?type=parent" : "/bags", token: c ? biller(c) : dispatcher(c) }))),
      every(2, "dashboard page", (i) => ({ path: "/dashboard", token: dispatcher(i) })),
    ];
    const floorRecs = await runOpenLoop(a.url, floorClients, cfg.floorS);
    const floorRssMb = floorRss();
    const order = ["child scan", "parent scan", "GET /api/bag/[qr]", "GET /api/stats", "bag list page", "dashboard page"];
    const floor = order.flatMap((r) => floorRecs.get(r)?.result(cfg.floorS) ?? []);

    const sat = (route: string, url: string, build: () => { path: string; token?: string; body?: unknown }, method: "GET" | "POST" = "GET", connections = cfg.connections) => {
      log(`saturation: ${route}`);
      return saturate({ route, url, method, build, connections, seconds: cfg.satS });
    };
    const satRss = watchRss(a);
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
    const saturationRssMb = satRss();
    const bareResult = await sat("baseline: bare node:http", bare.url, () => ({ path: "/" }));
    // Auth.js's providers endpoint: a route handler that reads no database and answers constant JSON.
    const framework = await sat("baseline: Next route floor", a.url, () => ({ path: "/api/auth/providers" }));

    let two = null;
    if (!opt["no-two"]) {
      const b = startNext("B", cfg.port + 1, env);
      servers.push(b);
      await waitHealthy(b);
      for (let i = 0; i < 20; i += 1) await fetch(b.url + "/api/stats", { headers: { cookie: `authjs.session-token=${biller(i)}` } });
      await new Promise((r) => setTimeout(r, 1000));
      const scanner = byArea.get("lucknow")?.[1] ?? dispatchers[0];
      const checks = [
        await checkStats(a.url, b.url, { token: scanner?.token ?? "", area: "lucknow" }, biller(0), "SB98765"),
        await checkRateLimit(a.url, b.url),
        await checkSessions(dbUrl, a.url, b.url, kickMe?.token ?? ""),
      ];
      log("two instances: child scans on A and B at once");
      const half = Math.floor(cfg.connections / 2);
      const single = { ...(await sat("child scan, A alone (50 conn)", a.url, childScanBuilder(twoPool.slice(0, twoPool.length / 2), byArea, "6"), "POST")) };
      const builder = childScanBuilder(twoPool.slice(twoPool.length / 2), byArea, "3");
      const [ra, rb] = await Promise.all([sat("A", a.url, builder, "POST", half), sat("B", b.url, builder, "POST", half)]);
      const combined = { ...ra, route: "child scan, A + B (25 + 25 conn)", requests: ra.requests + rb.requests, errors: ra.errors + rb.errors, rps: ra.rps + rb.rps, p50: Math.max(ra.p50, rb.p50), p95: Math.max(ra.p95, rb.p95), p99: Math.max(ra.p99, rb.p99), samples: [...ra.samples, ...rb.samples] };
      two = { single, combined, checks };
    }
    // Last: it writes around the app, so the counters drift until the next reconciliation.
    log("baseline: child-scan SQL through postgres.js");
    const sqlParents = sqlPool.map((p) => ({ ...p, userId: byArea.get(p.area)?.[0]?.id ?? "" }));
    const sqlResult = await runSqlChildScans(dbUrl, sqlParents, cfg.connections, cfg.satS, POOL_MAX);

    const { errors } = printReport({
      machine,
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
    });
    const failedChecks = two?.checks.filter((c) => c.ok === false).length ?? 0;
    if (errors > 0 || failedChecks > 0) {
      console.error(`\n[bench] FAILED: ${errors} request errors, ${failedChecks} coherence checks failed`);
      for (const s of servers) if (s.log.some((l) => /error/i.test(l))) console.error(`--- ${s.name} log (tail)\n${s.log.slice(-15).join("\n")}`);
      return 1;
    }
    return 0;
  } finally {
    for (const s of servers) await stop(s);
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
