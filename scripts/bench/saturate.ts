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
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) rec.ok(ms);
    });
  });
  const own = rec.result((performance.now() - started) / 1000);
  return { ...own, requests: result.requests.total, errors: result.non2xx + result.errors + result.timeouts, rps: Math.round(result.requests.average * 10) / 10 };
}
