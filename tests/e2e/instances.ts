import type { APIRequestContext } from "@playwright/test";
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { appendFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// Extra app instances and a throwaway Redis for the scale-out tests (never the shared Redis on
// 6379). Instances run the same build as the main e2e server, so server action ids match.

export interface RunningApp {
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
}

/**
 * Starts another instance of the suite's build: `next start`, or with `standalone` (the path of a
 * prepared <distDir>/standalone/server.js) the server a container runs, `node server.js`.
 */
export async function startApp(port: number, env: Record<string, string>, standalone?: string): Promise<RunningApp> {
  const dir = `.data/e2e-${port}`;
  rmSync(dir, { recursive: true, force: true });
  // server.js runs from its own directory: the database's path must not be relative.
  const [cmd, args] = standalone ? [process.execPath, [standalone]] : ["./node_modules/.bin/next", ["start", "-p", String(port)]];
  const child = spawn(cmd, args, {
    env: {
      ...process.env,
      NODE_ENV: "production",
      AUTH_SECRET: "e2e-instances-auth-secret".padEnd(48, "x"),
      GATE_PASS_SECRET: "e2e-instances-gate-pass-secret".padEnd(48, "x"),
      BACKUP_SCHEDULE: "off",
      EOD_MAIL: "off",
      ADMIN_PASSWORD: "demo-admin-pass",
      SEED_DEMO: "1",
      COOKIE_SECURE: "false",
      // Production requires the base of mailed links: this instance's own address.
      APP_URL: `http://127.0.0.1:${port}`,
      PGLITE_DIR: path.resolve(dir),
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: "",
      TRUST_PROXY: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  // Also kept in .data/e2e-<port>.log for a failed run's post-mortem.
  const log = `.data/e2e-${port}.log`;
  writeFileSync(log, "");
  const keep = (d: Buffer) => {
    output.push(d.toString());
    appendFileSync(log, d);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`instance on ${port} exited:\n${output.join("")}`);
    const up = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (up) return { url, port, child, output };
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill("SIGKILL");
  throw new Error(`instance on ${port} did not become healthy:\n${output.join("")}`);
}

export async function stopApp(app: RunningApp | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => app.child.once("exit", () => resolve()));
  app.child.kill("SIGTERM");
  const timer = setTimeout(() => app.child.kill("SIGKILL"), 8_000);
  await exited;
  clearTimeout(timer);
  rmSync(`.data/e2e-${app.port}`, { recursive: true, force: true });
}

export function startRedis(port: number): { stop(): void } {
  const cli = (...args: string[]) => spawnSync("redis-cli", ["-p", String(port), ...args]).stdout?.toString().trim();
  cli("shutdown", "nosave");
  execFileSync("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no", "--daemonize", "yes"]);
  for (let i = 0; i < 50 && cli("ping") !== "PONG"; i++) spawnSync("sleep", ["0.1"]);
  return { stop: () => void cli("shutdown", "nosave") };
}

/** The login form's hidden fields that let a plain multipart POST run its server action. */
export async function loginForm(request: APIRequestContext, base: string): Promise<Record<string, string>> {
  const html = await (await request.get(`${base}/login`)).text();
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="(\$ACTION[^"]*)"(?: value="([^"]*)")?\/>/g)) {
    fields[m[1] ?? ""] = (m[2] ?? "").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }
  if (!Object.keys(fields).some((k) => k.startsWith("$ACTION"))) throw new Error("no server action fields on /login");
  return fields;
}

export interface LoginAnswer {
  outcome: "signed_in" | "invalid" | "locked" | "rate_limited" | "other";
  cookie: string;
}

/** Posts the login form (at `base`, an absolute URL) the way a browser without JavaScript would. */
export async function postLogin(
  request: APIRequestContext,
  base: string,
  form: Record<string, string>,
  username: string,
  password: string,
  options: { forwardedFor?: string; honeypot?: string } = {},
): Promise<LoginAnswer> {
  // A browser sends its Origin with every form POST; Next checks it against the Host.
  const headers: Record<string, string> = { origin: new URL(base).origin };
  if (options.forwardedFor) headers["x-forwarded-for"] = options.forwardedFor;
  const res = await request.post(`${base}/login`, {
    multipart: { ...form, username, password, website: options.honeypot ?? "" },
    headers,
    maxRedirects: 0,
  });
  const cookie = /(authjs\.session-token=[^;]+)/.exec(res.headers()["set-cookie"] ?? "")?.[1] ?? "";
  if (res.status() === 303 && cookie) return { outcome: "signed_in", cookie };
  const text = await res.text();
  const outcome = text.includes("Too many sign-in attempts")
    ? "rate_limited"
    : text.includes("locked until")
      ? "locked"
      : text.includes("Wrong username or password")
        ? "invalid"
        : "other";
  return { outcome, cookie };
}
