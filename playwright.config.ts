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
    // The README's demo command itself (build + start on the embedded defaults with the demo
    // users and data), on a fresh database per run.
    command: `rm -rf .data/e2e-${PORT} && node scripts/demo.mjs`,
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      PGLITE_DIR: `.data/e2e-${PORT}`,
      DATABASE_URL: "",
      REDIS_URL: "",
    },
  },
});
