// Starting and stopping `next start` (and the bare node:http baseline) for the benchmark.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

export interface RunningServer {
  name: string;
  url: string;
  child: ChildProcess;
  log: string[];
}

/**
 * One app instance. With `standalone` (the path of a prepared <distDir>/standalone/server.js,
 * scripts/standalone.mjs) the server a container runs: one node process, no `next` CLI;
 * otherwise `next start` on the build in NEXT_DIST_DIR.
 */
export function startNext(name: string, port: number, env: Record<string, string>, standalone?: string, options: { nice?: number } = {}): RunningServer {
  // The binary itself, not npx: SIGTERM then really stops the server (STACK.md).
  const [bin, binArgs] = standalone ? [process.execPath, [standalone]] : ["./node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"]];
  // `nice -n N` execs the server in its own place (same pid), at a lower CPU priority.
  const [cmd, args] = options.nice ? ["nice", ["-n", String(options.nice), bin, ...binArgs]] : [bin, binArgs];
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env, PORT: String(port), HOSTNAME: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { name, url: `http://127.0.0.1:${port}`, child, log };
}

/** A constant-JSON node:http server in its own process: the floor no framework can beat. */
export function startBareServer(port: number): RunningServer {
  const code = `require("node:http").createServer((q, s) => { s.writeHead(200, { "content-type": "application/json" }); s.end('{"ok":true}'); }).listen(${port}, "127.0.0.1");`;
  const child = spawn(process.execPath, ["-e", code], { stdio: "ignore" });
  return { name: "bare", url: `http://127.0.0.1:${port}`, child, log: [] };
}

export async function waitHealthy(server: RunningServer, path = "/api/health", timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (server.child.exitCode !== null) throw new Error(`${server.name} exited (${server.child.exitCode}):\n${server.log.slice(-30).join("\n")}`);
    try {
      const res = await fetch(server.url + path);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${server.name} did not become healthy:\n${server.log.slice(-30).join("\n")}`);
}

export async function stop(server: RunningServer | undefined): Promise<void> {
  // Exited already, on its own or by a signal (an out-of-memory abort leaves exitCode null and
  // sets signalCode): its "exit" event has fired, so waiting for it would hang the run.
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => server.child.once("exit", () => r()));
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), 8000);
  await exited;
  clearTimeout(timer);
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
export function treeRssMb(rootPid: number | undefined): number {
  if (!rootPid) return 0;
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // gone
    }
  }
  const inTree = (pid: number): boolean => pid === rootPid || (parentOf.has(pid) && pid > 1 && inTree(parentOf.get(pid) ?? 0));
  let kb = 0;
  for (const pid of parentOf.keys()) {
    if (!inTree(pid)) continue;
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 1024);
}

/** Samples a server's RSS every 500 ms until stopped; returns the peak. */
export function watchRss(server: RunningServer): () => number {
  let peak = treeRssMb(server.child.pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssMb(server.child.pid));
  }, 500);
  return () => {
    clearInterval(timer);
    return Math.max(peak, treeRssMb(server.child.pid));
  };
}
