import { defineConfig, devices } from "@playwright/test";
import { execFileSync } from "node:child_process";

// Debian's Chromium (apt-get install chromium); Playwright's own browser download is not used.
function chromiumPath(): string {
  try {
    return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"]).toString().trim();
  } catch {
    throw new Error("No `chromium` on PATH: run `apt-get install -y chromium` (see README.md).");
  }
}

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // A fresh embedded database per run: the zero-setup mode a new user gets.
    command: `rm -rf .data/e2e-${PORT} && ./node_modules/.bin/next start -p ${PORT}`,
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    env: {
      NODE_ENV: "production",
      PGLITE_DIR: `.data/e2e-${PORT}`,
      DATABASE_URL: "",
      REDIS_URL: "",
      AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
      ADMIN_PASSWORD: "e2e-admin-pass",
      SEED_DEMO: "1",
      COOKIE_SECURE: "false",
    },
  },
});
