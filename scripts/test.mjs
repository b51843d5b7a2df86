// `npm test`: every test tier, then one line `N passed, N failed` over all of them.
//   1. unit + DB tests on the embedded PGlite (Vitest projects `unit` and `db`)
//   2. DB tests on real PostgreSQL + Redis (TEST_PG_URL, TEST_REDIS_URL; skipped if unreachable, required in CI)
//   then one `next build`, shared by:
//   3. Playwright e2e against the demo command (started with --no-build) in Debian's Chromium (skipped if no chromium, required in CI)
//   4. `npm run bench -- --quick --no-build` against PostgreSQL + Redis (skipped if unreachable, required in CI)
// Flags: --no-postgres, --no-e2e, --no-bench.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";

// A fresh clone: install first (npm ci may trip over this mirror's optional packages, STACK.md).
if (!existsSync("node_modules/.bin/vitest")) {
  const installed = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { stdio: "inherit" }).status;
  if (installed !== 0) process.exit(installed ?? 1);
}

const args = new Set(process.argv.slice(2));
const CI = Boolean(process.env.CI);
const PG_URL = process.env.TEST_PG_URL ?? "postgres://root@127.0.0.1:5432/test";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const REPORTS = "test-reports";
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const tiers = [];

function run(cmd, cmdArgs, env = {}) {
  console.log(`\n$ ${cmd} ${cmdArgs.join(" ")}`);
  return spawnSync(cmd, cmdArgs, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
}

/** Runs one tier, recording its wall time with what it pushes onto `tiers`. */
function timed(fn) {
  const start = Date.now();
  const before = tiers.length;
  fn();
  for (const t of tiers.slice(before)) t.seconds = Math.round((Date.now() - start) / 1000);
}

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.setTimeout(1500, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function vitestTier(name, vitestArgs, env) {
  const out = `${REPORTS}/vitest-${name}.json`;
  const status = run("./node_modules/.bin/vitest", ["run", ...vitestArgs, "--reporter=default", "--reporter=json", `--outputFile=${out}`], env);
  const report = readJson(out);
  const passed = report?.numPassedTests ?? 0;
  // Failed tests, plus each file that failed with no failed test in it (it did not load); a
  // crashed run counts as one failure. (numFailedTestSuites also counts every describe block and
  // file around a failed test: one failure read as three.)
  const unloaded = (report?.testResults ?? []).filter((f) => f.status === "failed" && !(f.assertionResults ?? []).some((t) => t.status === "failed")).length;
  const failed = status === 0 ? 0 : Math.max(1, (report?.numFailedTests ?? 0) + unloaded);
  tiers.push({ name, passed, failed, skipped: report?.numPendingTests ?? 0 });
}

function skip(name, why) {
  if (CI) {
    console.error(`\n${name}: required in CI but ${why}`);
    tiers.push({ name, passed: 0, failed: 1, skipped: 0 });
  } else {
    console.log(`\n${name}: skipped (${why})`);
  }
}

// 1. PGlite: both Vitest projects (unit on threads, db on forks).
timed(() => vitestTier("pglite", [], { TEST_DATABASE_URL: "", TEST_REDIS_URL: "" }));

// 2. PostgreSQL + Redis: the db project again.
const pgWhy = !(await reachable(PG_URL)) ? `no PostgreSQL at ${PG_URL}` : !(await reachable(REDIS_URL)) ? `no Redis at ${REDIS_URL}` : "";
const pgReady = !pgWhy;
if (args.has("--no-postgres")) console.log("\npostgres: skipped (--no-postgres)");
else if (!pgReady) skip("postgres", pgWhy);
else timed(() => vitestTier("postgres", ["--project", "db"], { TEST_DATABASE_URL: PG_URL, TEST_REDIS_URL: REDIS_URL }));

// e2e and the benchmark run one production build in .next, made here once.
const chromium = spawnSync("sh", ["-c", "command -v chromium-headless-shell || command -v chromium || command -v chromium-browser"]).stdout?.toString().trim();
const e2eWhy = args.has("--no-e2e") ? "--no-e2e" : chromium ? "" : "no chromium on PATH (apt-get install -y chromium chromium-headless-shell)";
const benchWhy = args.has("--no-bench") ? "--no-bench" : pgReady ? "" : pgWhy;
let built = false;
if (!e2eWhy || !benchWhy) {
  timed(() => {
    // Standalone (NEXT_OUTPUT): the same build also gives the server the Dockerfile runs, which
    // tests/e2e/production-build.spec.ts starts and the benchmark runs its instances on.
    built = run("./node_modules/.bin/next", ["build"], { DATABASE_URL: "", REDIS_URL: "", NEXT_OUTPUT: "standalone" }) === 0;
    if (built) built = run("node", ["scripts/standalone.mjs", ".next"]) === 0;
    // Listed for its time; it counts only if it fails (then e2e and bench cannot run).
    tiers.push({ name: "next build", passed: 0, failed: built ? 0 : 1, skipped: 0 });
  });
}

// 3. e2e: Playwright's web server is `node scripts/demo.mjs --no-build` on that build.
if (e2eWhy === "--no-e2e") console.log("\ne2e: skipped (--no-e2e)");
else if (e2eWhy) skip("e2e", e2eWhy);
else if (built) {
  timed(() => {
    const out = `${REPORTS}/e2e.json`;
    const status = run("./node_modules/.bin/playwright", ["test", "--reporter=list,json"], { E2E_NO_BUILD: "1", PLAYWRIGHT_JSON_OUTPUT_FILE: out, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    const stats = readJson(out)?.stats;
    const passed = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
    const failed = stats?.unexpected ?? 0;
    tiers.push({ name: "e2e", passed, failed: status !== 0 && failed === 0 ? 1 : failed, skipped: stats?.skipped ?? 0 });
  });
}

// 4. `npm run bench -- --quick` — a small dataset through `next start` (the same build) on
// PostgreSQL + Redis; counts as 1 passed / 1 failed (fails if any route errs).
if (benchWhy === "--no-bench") console.log("\nbench: skipped (--no-bench)");
else if (benchWhy) skip("bench --quick", benchWhy);
else if (built) {
  timed(() => {
    const redisBase = REDIS_URL.replace(/\/\d*$/, "");
    const status = run("npm", ["run", "-s", "bench", "--", "--quick", "--no-build", "--dist-dir", ".next"], { BENCH_PG_URL: PG_URL, BENCH_REDIS_URL: `${redisBase}/3` });
    tiers.push({ name: "bench --quick", passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 });
  });
}

console.log("\nTest tiers:");
for (const t of tiers) {
  const counts = `${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`;
  console.log(`  ${t.name.padEnd(18)} ${counts.padEnd(36)}${t.seconds === undefined ? "" : ` ${t.seconds} s`}`);
}
const total = tiers.reduce((acc, t) => ({ passed: acc.passed + t.passed, failed: acc.failed + t.failed, skipped: acc.skipped + t.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
