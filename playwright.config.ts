import { defineConfig, devices } from "@playwright/test";
import { execFileSync } from "node:child_process";

// Debian's Chromium (apt-get install chromium); Playwright's own browser download is not used.
// Its headless shell (apt-get install chromium-headless-shell), when there, runs the suite: the
// same engine without the full browser around it. Measured on the 2-core box: the suite's
// Chromium CPU 392 → 150 s, its wall time 5.1 → 2.9 min. A headed run (--headed, --debug, --ui)
// needs the full browser.
function chromiumPath(): string {
  const headed = process.argv.some((a) => a === "--headed" || a === "--debug" || a === "--ui") || Boolean(process.env.PWDEBUG);
  const candidates = headed ? "command -v chromium || command -v chromium-browser" : "command -v chromium-headless-shell || command -v chromium || command -v chromium-browser";
  try {
    return execFileSync("sh", ["-c", candidates]).toString().trim();
  } catch {
    throw new Error("No `chromium` on PATH: run `apt-get install -y chromium chromium-headless-shell` (see README.md).");
  }
}

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${PORT}`;

// Specs that scan, or read counters scans move (the dashboard's exact "+1"), run one at a time
// in their own project; every other spec keeps to data of its own and runs beside them.
const SCAN_DATA_SPECS = /\/(bills|bills-access|bills-print|customer-portal|dashboard|data-in-out|gate-passes|hindi-scan|lists|load-check|offline-scan|people-access|scan|scan-camera|scan-station-remove-finish|station-restore|status-link)\.spec\.ts$/;
// The longest file (two more app instances, ~80 s, serial): handed out first, so the other
// worker is not left waiting on it at the end (it was last in file order: ~30 s of one idle worker).
// production-build.spec.ts starts the standalone server beside it (another instance, its own port).
const INSTANCE_SPECS = /\/(scale-out|production-build)\.spec\.ts$/;
const desktop = { ...devices["Desktop Chrome"] };

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  // Two cores here: 1 / 2 / 3 workers beside the one server took 245 / 176 / 185 s.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    // Recording a trace of every test (to keep the failed ones') made the bill specs ≈ 30 %
    // slower here (1.25 → 1.65 min); a failure still leaves its error context (the page's ARIA
    // snapshot) and a screenshot. E2E_TRACE=retain-on-failure brings traces back.
    trace: (process.env.E2E_TRACE as "off" | "retain-on-failure" | "on" | undefined) ?? "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    // Signs each demo user in once and saves the sessions (tests/e2e/auth.setup.ts).
    { name: "setup", testMatch: /auth\.setup\.ts$/, fullyParallel: true, use: desktop },
    { name: "instances", testMatch: INSTANCE_SPECS, dependencies: ["setup"], use: desktop },
    { name: "scan-data", testMatch: SCAN_DATA_SPECS, workers: 1, dependencies: ["setup"], use: desktop },
    { name: "chromium", testIgnore: [SCAN_DATA_SPECS, INSTANCE_SPECS], dependencies: ["setup"], use: desktop },
  ],
  webServer: {
    // The README's demo command itself (start on the embedded defaults with the demo users and
    // data), on a fresh database per run. It builds first unless `npm test` already has
    // (E2E_NO_BUILD=1: one production build shared with the benchmark).
    command: `rm -rf .data/e2e-${PORT} .data/e2e-${PORT}-auth .data/e2e-${PORT}-backups && node scripts/demo.mjs${process.env.E2E_NO_BUILD === "1" ? " --no-build" : ""}`,
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      PGLITE_DIR: `.data/e2e-${PORT}`,
      DATABASE_URL: "",
      REDIS_URL: "",
      // The suite's server is production: it would otherwise back up into .data/backups.
      BACKUP_SCHEDULE: "off",
      BACKUP_DIR: `.data/e2e-${PORT}-backups`,
      // After 20:00 IST the end-of-day mail would land in the outbox the mail tests read.
      EOD_MAIL: "off",
      // /register is open in the suite (its page, the sign-in link and the people-access spec).
      REGISTRATION: "open",
    },
  },
});
