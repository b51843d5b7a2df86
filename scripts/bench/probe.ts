// Reading the loop/GC probe (loop-probe.mjs) of a benchmarked server: SIGUSR2 makes it write what
// it saw since the previous signal and start over.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningServer } from "./server";

export interface ProbeResult {
  seconds: number;
  loopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
  gc: { count: number; totalMs: number; maxMs: number; byKind: Record<string, number> };
  heapUsedMb: number;
  /** [seconds since the previous read, heap MB] right after each full collection. */
  heapAfterMajorGc: [number, number][];
}

let dir: string | undefined;

/** One directory per bench run for the probes' files. */
export function probeDir(): string {
  dir ??= mkdtempSync(path.join(tmpdir(), "tt-bench-probe-"));
  return dir;
}

export function removeProbeDir(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** What the server's probe saw since the last call (null: no probe answered, e.g. `next start`'s wrapper). */
export async function readProbe(server: RunningServer): Promise<ProbeResult | null> {
  const pid = server.child.pid;
  if (!pid || server.child.exitCode !== null) return null;
  const file = path.join(probeDir(), `${pid}.json`);
  rmSync(file, { force: true });
  server.child.kill("SIGUSR2");
  for (let i = 0; i < 40; i += 1) {
    await new Promise((r) => setTimeout(r, 50));
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, "utf8")) as ProbeResult;
      } catch {
        // half written: the next turn reads it whole
      }
    }
  }
  return null;
}
