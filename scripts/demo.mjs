// `npm run demo`: build and start TraceTrack on the embedded defaults (PGlite under .data/,
// in-process limits and cache) with demo users and data. Demo only: passwords are public.
// `--no-build` starts the build that is already there (`npm test` builds once for e2e and bench).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const port = process.env.PORT ?? "3000";
mkdirSync(".data", { recursive: true });
const secretFile = ".data/auth-secret";
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("hex"), { mode: 0o600 });
// Signs gate-pass QR codes: kept across restarts so printed passes stay valid.
const passSecretFile = ".data/gate-pass-secret";
if (!existsSync(passSecretFile)) writeFileSync(passSecretFile, randomBytes(32).toString("hex"), { mode: 0o600 });

if (process.argv.includes("--no-build")) {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(`${distDir}/BUILD_ID`)) {
    console.error(`--no-build: no production build in ${distDir}/ (run \`npm run build\` first, or drop --no-build)`);
    process.exit(1);
  }
} else {
  const build = spawnSync("./node_modules/.bin/next", ["build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = {
  ...process.env,
  NODE_ENV: "production",
  AUTH_SECRET: process.env.AUTH_SECRET ?? readFileSync(secretFile, "utf8").trim(),
  GATE_PASS_SECRET: process.env.GATE_PASS_SECRET ?? readFileSync(passSecretFile, "utf8").trim(),
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? "demo-admin-pass",
  SEED_DEMO: "1",
  // Plain http on localhost or the LAN: a Secure cookie would not be sent back.
  COOKIE_SECURE: process.env.COOKIE_SECURE ?? "false",
  // Production requires the base of mailed links; the demo's is its own address.
  APP_URL: process.env.APP_URL || `http://localhost:${port}`,
};
console.log(`\nTraceTrack demo on http://localhost:${port}`);
console.log("  admin / demo-admin-pass · biller / demo-biller-pass · dispatcher / demo-dispatch-pass · gate / demo-gate-pass\n  customer portal: dealer@demo.example / demo-customer-pass\n");
const server = spawn("./node_modules/.bin/next", ["start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
