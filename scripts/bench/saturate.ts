// Closed-loop saturation with autocannon: N connections, each sending its next request as soon
// as the previous answer arrives, for a fixed time (or a fixed number of requests).
import autocannon from "autocannon";
import { Recorder, type RouteResult } from "./stats";

export interface SaturationSpec {
  route: string;
  url: string;
  method?: "GET" | "POST";
  /** Builds each request: its path, cookie and body. */
  build: () => { path: string; token?: string; body?: unknown };
  connections: number;
  seconds: number;
  /**
   * Send exactly this many requests instead of running for `seconds`: every one completes, so the
   * CPU measured around the run divided by it is the CPU of one request (a timed run ends with
   * requests in flight whose CPU is counted but which are not).
   */
  amount?: number;
  /** Client addresses to spread over (X-Forwarded-For); default one per connection. */
  addresses?: number;
}

export async function saturate(spec: SaturationSpec): Promise<RouteResult> {
  // Our own recorder: autocannon's summary has no p95.
  const rec = new Recorder(spec.route);
  let seq = 0;
  const started = performance.now();
  const opts: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds }),
    requests: [
      {
        method: spec.method ?? "GET",
        setupRequest: (req) => {
          const r = spec.build();
          // Spread over as many client addresses as connections (the server trusts X-Forwarded-For
          // like behind a proxy), so per-IP limits see a fleet, not one host.
          const n = seq++ % (spec.addresses ?? spec.connections);
          const headers: Record<string, string> = { accept: "application/json", "x-forwarded-for": `10.9.${n >> 8}.${n & 255}` };
          if (r.token) headers.cookie = `authjs.session-token=${r.token}`;
          if (r.body !== undefined) headers["content-type"] = "application/json";
          return { ...req, path: r.path, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) };
        },
        onResponse: (status, body) => {
          if (status < 200 || status >= 300) rec.fail(NaN, `${status} ${body}`);
        },
      },
    ],
  };
  let lastAnswerAt = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on("response", (_client, status, _bytes, ms) => {
      lastAnswerAt = performance.now();
      if (status >= 200 && status < 300) rec.ok(ms);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const own = rec.result(seconds);
  // A fixed amount often ends within a second or two, and autocannon only notices the end at its
  // next one-second tick: its rate (and the wall time) would be quantised to whole seconds, so a
  // fixed amount's rate is its requests over the time to the last answer.
  const answeredIn = (lastAnswerAt - started) / 1000;
  const rps = spec.amount ? (answeredIn > 0 ? result.requests.total / answeredIn : NaN) : result.requests.average;
  return { ...own, requests: result.requests.total, errors: result.non2xx + result.errors + result.timeouts, rps: Math.round(rps * 10) / 10 };
}
