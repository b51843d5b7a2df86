import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: `unit` (pure logic, worker threads: cheap to start) and `db` (a real database per
// file in its own process; the database is a copy of one template migrated per run by
// tests/support/db-template.ts). `vitest run --project db` runs one of them.
export default defineConfig({
  resolve: {
    alias: [
      { find: "@", replacement: import.meta.dirname },
      // `server-only` throws outside React Server Components; tests import server code directly.
      { find: "server-only", replacement: path.join(import.meta.dirname, "tests/support/server-only.ts") },
      // next-intl outside Next (issue 19): its server build throws without the RSC runtime, and
      // components rendered straight through react-dom/server have no provider above them. The
      // stand-ins answer from the real message files in the request's (or the test's) language.
      { find: /^next-intl$/, replacement: path.join(import.meta.dirname, "tests/support/next-intl.ts") },
      { find: /^next-intl\/server$/, replacement: path.join(import.meta.dirname, "tests/support/next-intl-server.ts") },
    ],
  },
  test: {
    environment: "node",
    // "Back up now" in the action sweeps writes real backups: into a directory of this run, never the repo's .data/.
    env: { BACKUP_DIR: path.join(tmpdir(), `tracetrack-test-backups-${process.pid}`) },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: a single worker on the 2-core box. The
    // db files wait on their database about as much as they compute; one worker more than cores
    // measured fastest there (PGlite tier 144 / 119 / 110 s with 1 / 2 / 3 workers, PostgreSQL
    // tier 112 / 90 / 75 s). On PostgreSQL two at most: each file's pool may open 40
    // connections (the race tests use them) and the server allows 100.
    maxWorkers: process.env.TEST_DATABASE_URL ? 2 : availableParallelism() + 1,
    // next-auth imports "next/server" without an extension; let Vite resolve it.
    server: { deps: { inline: ["next-auth"] } },
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], pool: "threads" } },
      {
        extends: true,
        test: { name: "db", include: ["tests/db/**/*.test.ts"], pool: "forks", globalSetup: ["tests/support/db-template.ts"] },
      },
    ],
  },
});
