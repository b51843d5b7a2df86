// `node scripts/standalone.mjs [distDir]`: makes a standalone build (NEXT_OUTPUT=standalone
// next build) runnable on its own. Next's trace copies the server code and the node_modules it
// needs into <distDir>/standalone, but not the files a server serves or reads by path:
//   <distDir>/static → standalone/<distDir>/static   (scripts and CSS under /_next/static)
//   public/          → standalone/public              (icons, sounds, the service worker)
//   db/migrations/   → standalone/db/migrations       (applied at start; lib/server/ops/start.ts)
// Then `node <distDir>/standalone/server.js` serves the app (PORT, HOSTNAME; it runs from its own
// directory, so give PGLITE_DIR and BACKUP_DIR as absolute paths). The Dockerfile and the
// benchmark use it; the e2e tier checks the result (tests/e2e/standalone.spec.ts).
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Copies what the standalone server needs beside it; returns the path of its server.js. */
export function prepareStandalone(distDir = ".next") {
  const out = path.join(distDir, "standalone");
  const server = path.join(out, "server.js");
  if (!existsSync(server)) {
    throw new Error(`${server} not found: build with NEXT_OUTPUT=standalone (e.g. \`NEXT_OUTPUT=standalone npx next build\`)`);
  }
  const copies = [
    [path.join(distDir, "static"), path.join(out, distDir, "static")],
    ["public", path.join(out, "public")],
    [path.join("db", "migrations"), path.join(out, "db", "migrations")],
  ];
  for (const [from, to] of copies) {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
  }
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = prepareStandalone(process.argv[2] ?? process.env.NEXT_DIST_DIR ?? ".next");
  console.log(`ready: PORT=3000 node ${server}`);
}
