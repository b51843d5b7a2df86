// Latency samples → the numbers a row of the table shows.
import type { CpuByProcess } from "./cpu";

export interface RouteResult {
  route: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** First few unexpected answers, for the log. */
  samples: string[];
  /** CPU milliseconds per request by process (saturation rows). */
  cpu?: CpuByProcess;
  /** The Next server's CPU per request of the row's baseline, over the slices alternating with it. */
  baselineCpu?: number;
  /** The lowest and highest of the row's slices' CPU ratios, each against the mean of the baselines on either side of it. */
  ratioSpread?: [number, number];
  /** How many slices of the row alternated with its baseline. */
  slices?: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export class Recorder {
  private readonly latencies: number[] = [];
  errors = 0;
  readonly samples: string[] = [];
  constructor(readonly route: string) {}

  ok(ms: number): void {
    this.latencies.push(ms);
  }

  fail(ms: number, what: string): void {
    if (Number.isFinite(ms)) this.latencies.push(ms);
    this.errors += 1;
    if (this.samples.length < 3) this.samples.push(what.slice(0, 200));
  }

  result(seconds: number): RouteResult {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const r = (v: number) => Math.round(v * 10) / 10;
    return {
      route: this.route,
      requests: sorted.length,
      errors: this.errors,
      rps: r(sorted.length / seconds),
      p50: r(percentile(sorted, 50)),
      p95: r(percentile(sorted, 95)),
      p99: r(percentile(sorted, 99)),
      samples: this.samples,
    };
  }
}
