// Loaded into each benchmarked server with NODE_OPTIONS=--import (never in production): the
// event loop's delay and the garbage collector's pauses, which no request timing shows directly.
// On SIGUSR2 it writes what it saw since the previous SIGUSR2 to $BENCH_PROBE_DIR/<pid>.json and
// starts over, so the bench can bracket one phase.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const KINDS = { [constants.NODE_PERFORMANCE_GC_MINOR]: "minor", [constants.NODE_PERFORMANCE_GC_MAJOR]: "major", [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental", [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb" };
  let gc = { count: 0, totalMs: 0, maxMs: 0, byKind: {} };
  let since = Date.now();
  // The heap right after each full (mark-compact) collection, [seconds, MB]: what survives, so a
  // leak shows as a rising line while RSS may also grow only because V8 sized its heap up.
  let afterMajor = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) afterMajor.push([(Date.now() - since) / 1000, Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10]);
      gc.count += 1;
      gc.totalMs += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
      const kind = KINDS[e.detail?.kind] ?? "other";
      gc.byKind[kind] = (gc.byKind[kind] ?? 0) + e.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  process.on("SIGUSR2", () => {
    const ms = (ns) => Math.round((ns / 1e6) * 10) / 10;
    const out = {
      seconds: (Date.now() - since) / 1000,
      loopDelay: { p50Ms: ms(loop.percentile(50)), p99Ms: ms(loop.percentile(99)), maxMs: ms(loop.max) },
      gc: { ...gc, totalMs: Math.round(gc.totalMs), maxMs: Math.round(gc.maxMs * 10) / 10 },
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      heapAfterMajorGc: afterMajor,
    };
    writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(out));
    loop.reset();
    gc = { count: 0, totalMs: 0, maxMs: 0, byKind: {} };
    afterMajor = [];
    since = Date.now();
  });
}

// BENCH_CPU_PROF_DIR (a study, not the bench's own runs): a V8 CPU profile of the whole server
// life, written as <pid>.cpuprofile when it exits (--cpu-prof is not allowed in NODE_OPTIONS).
// The in-thread inspector session answers synchronously, so the exit handler can stop and write.
const profDir = process.env.BENCH_CPU_PROF_DIR;
if (profDir) {
  const { Session } = await import("node:inspector");
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 200 });
  session.post("Profiler.start");
  process.on("exit", () => {
    session.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(path.join(profDir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
