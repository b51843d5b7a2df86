// `npm test`: every test tier, then one line `N passed, N failed` over all of them.
//   1. unit + DB tests on the embedded PGlite
//   2. DB tests on real PostgreSQL + Redis (TEST_PG_URL, TEST_REDIS_URL; skipped if unreachable, required in CI)
//   3. Playwright e2e against the demo command (next build + start) in Debian's Chromium (skipped if no chromium, required in CI)
//   4. `npm run bench -- --quick` against PostgreSQL + Redis (skipped if unreachable, required in CI)
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

function vitestTier(name, files, env) {
  const out = `${REPORTS}/vitest-${name}.json`;
  const status = run("./node_modules/.bin/vitest", ["run", ...files, "--reporter=default", "--reporter=json", `--outputFile=${out}`], env);
  const report = readJson(out);
  const passed = report?.numPassedTests ?? 0;
  // A crashed run or a file that failed to load counts as a failure even if no test failed.
  const failed = status === 0 ? 0 : Math.max(1, (report?.numFailedTests ?? 0) + (report?.numFailedTestSuites ?? 0));
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

// 1. PGlite
vitestTier("pglite", [], { TEST_DATABASE_URL: "", TEST_REDIS_URL: "" });

// 2. PostgreSQL + Redis
if (args.has("--no-postgres")) console.log("\npostgres: skipped (--no-postgres)");
else if (!(await reachable(PG_URL))) skip("postgres", `no PostgreSQL at ${PG_URL}`);
else if (!(await reachable(REDIS_URL))) skip("postgres", `no Redis at ${REDIS_URL}`);
else vitestTier("postgres", ["tests/db"], { TEST_DATABASE_URL: PG_URL, TEST_REDIS_URL: REDIS_URL });

// 4 (run after e2e below, defined here): `npm run bench -- --quick` — a small dataset through
// `next start` on PostgreSQL + Redis; counts as 1 passed / 1 failed (fails if any route errs).
function benchTier() {
  const redisBase = REDIS_URL.replace(/\/\d*$/, "");
  const status = run("npm", ["run", "-s", "bench", "--", "--quick"], { BENCH_PG_URL: PG_URL, BENCH_REDIS_URL: `${redisBase}/3` });
  tiers.push({ name: "bench --quick", passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 });
}

// 3. e2e
const chromium = spawnSync("sh", ["-c", "command -v chromium || command -v chromium-browser"]).stdout?.toString().trim();
if (args.has("--no-e2e")) console.log("\ne2e: skipped (--no-e2e)");
else if (!chromium) skip("e2e", "no chromium on PATH (apt-get install -y chromium)");
else {
  // Playwright's web server is `node scripts/demo.mjs`, which runs `next build` first.
  {
    const out = `${REPORTS}/e2e.json`;
    const status = run("./node_modules/.bin/playwright", ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_FILE: out, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    const stats = readJson(out)?.stats;
    const passed = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
    const failed = stats?.unexpected ?? 0;
    tiers.push({ name: "e2e", passed, failed: status !== 0 && failed === 0 ? 1 : failed, skipped: stats?.skipped ?? 0 });
  }
}

// 4. quick benchmark (needs PostgreSQL and Redis, like tier 2)
if (args.has("--no-bench")) console.log("\nbench: skipped (--no-bench)");
else if (!(await reachable(PG_URL))) skip("bench --quick", `no PostgreSQL at ${PG_URL}`);
else if (!(await reachable(REDIS_URL))) skip("bench --quick", `no Redis at ${REDIS_URL}`);
else benchTier();

console.log("\nTest tiers:");
for (const t of tiers) console.log(`  ${t.name.padEnd(18)} ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`);
const total = tiers.reduce((acc, t) => ({ passed: acc.passed + t.passed, failed: acc.failed + t.failed, skipped: acc.skipped + t.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
