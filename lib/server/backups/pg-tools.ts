import "server-only";
import { spawn } from "node:child_process";
import postgres from "postgres";

/** One postgres.js connection for a URL the way db/client.ts reads it (libpq's ?host=<socket dir>). */
export function pgClient(url: string) {
  const u = new URL(url);
  const socketDir = u.searchParams.get("host");
  u.searchParams.delete("host");
  return postgres(u.toString(), {
    ...(socketDir?.startsWith("/") ? { host: socketDir } : {}),
    max: 1,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: "tracetrack-backup" },
  });
}

/**
 * A postgres:// URL for libpq's command-line tools without its password, and the environment that
 * carries the password instead (PGPASSWORD): nothing secret on a command line (`ps` shows those),
 * and no shell anywhere — every tool is spawned with an argument array.
 */
export function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = "";
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: "tracetrack-backup" };
  // A PGPASSWORD/PGDATABASE of the caller's own shell must not override the URL's.
  delete env.PGPASSWORD;
  delete env.PGDATABASE;
  if (password) env.PGPASSWORD = password;
  return { dbname: u.toString(), env };
}

/** The URL with any password replaced by ***, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export class ToolError extends Error {
  constructor(
    public readonly tool: string,
    public readonly exitCode: number | null,
    public readonly stderr: string,
  ) {
    super(`${tool} failed (exit ${exitCode ?? "signal"}): ${stderr.trim().split("\n").slice(-3).join(" | ") || "no message"}`);
    this.name = "ToolError";
  }
}

/** Keeps the last `max` characters a stream wrote (a tool's error text). */
function tail(max = 4000) {
  let text = "";
  return {
    push: (chunk: Buffer | string) => {
      text = (text + chunk.toString()).slice(-max);
    },
    get text() {
      return text;
    },
  };
}

/**
 * Spawns `tool args` (no shell), hands its stdout to `onStdout` (or ignores it) and resolves when it
 * exits 0; otherwise rejects with ToolError carrying the end of its stderr.
 */
export function runTool(
  tool: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onStdout?: (stdout: NodeJS.ReadableStream) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ["ignore", onStdout ? "pipe" : "ignore", "pipe"] });
    const err = tail();
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    let spawnError: Error | undefined;
    child.on("error", (e) => {
      spawnError = e;
    });
    const piped = onStdout && child.stdout ? onStdout(child.stdout) : Promise.resolve();
    child.on("close", (code) => {
      piped.then(
        () => {
          if (spawnError) reject(new ToolError(tool, null, `${spawnError.message} (is postgresql-client installed?)`));
          else if (code !== 0) reject(new ToolError(tool, code, err.text));
          else resolve();
        },
        (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
      );
    });
  });
}
