// CPU time per request, split by process (Linux /proc): where a route's cost lands — the Next.js
// server, PostgreSQL's backends, Redis, or the load generator — measured around each phase.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_S = 100; // USER_HZ on Linux
export type CpuByProcess = Record<"next" | "postgres" | "redis" | "other", number>;

/** Cumulative CPU milliseconds (user + system) of every process on the machine, by kind. */
export function cpuNow(serverPids: number[]): CpuByProcess {
  const out: CpuByProcess = { next: 0, postgres: 0, redis: 0, other: 0 };
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime + stime, plus cutime + cstime: the CPU of children it has reaped. A PostgreSQL
      // backend that exits within a phase takes its CPU out of the sum, which then reappears in
      // the postmaster's (without these, a phase once read -14.8 ms per request in PostgreSQL).
      const ms = ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_S;
      const kind = serverPids.includes(Number(entry)) || name.startsWith("next-server") ? "next" : name.startsWith("postgres") ? "postgres" : name.startsWith("redis") ? "redis" : "other";
      out[kind] += ms;
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Starts a measurement; the returned function gives CPU ms per request since then. */
export function cpuMeter(serverPids: () => number[]): (requests: number) => CpuByProcess {
  const start = cpuNow(serverPids());
  return (requests) => {
    const end = cpuNow(serverPids());
    const per = (k: keyof CpuByProcess) => (requests > 0 ? (end[k] - start[k]) / requests : NaN);
    return { next: per("next"), postgres: per("postgres"), redis: per("redis"), other: per("other") };
  };
}
