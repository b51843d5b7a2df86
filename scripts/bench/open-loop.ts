// Open-loop load: every simulated client sends at its own fixed times whether or not earlier
// answers came back, and latency is measured from the scheduled send time (no coordinated
// omission). Plain node:http with one keep-alive socket per client, like a real station.
import http from "node:http";
import { Recorder } from "./stats";

export interface PlannedRequest {
  method: "GET" | "POST";
  path: string;
  token: string;
  body?: unknown;
  /** Which row of the table it counts in. */
  route: string;
  /** Another server's origin for this request (default: the run's base URL). */
  base?: string;
  /** Answers that count as success (default: 2xx). */
  okStatus?: (status: number) => boolean;
}

export interface OpenLoopClient {
  /** Seconds between this client's requests. */
  everyS: number;
  next(): PlannedRequest;
  /** Sees each answer (e.g. a scanner moves to a new parent when this one is full). */
  onAnswer?(status: number, body: string, req: PlannedRequest): void;
}

function send(agent: http.Agent, base: URL, req: PlannedRequest, forwardedFor: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const r = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        headers: {
          cookie: `authjs.session-token=${req.token}`,
          "x-forwarded-for": forwardedFor,
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    r.setTimeout(30_000, () => r.destroy(new Error("timeout")));
    r.on("error", reject);
    if (payload) r.write(payload);
    r.end();
  });
}

/** Runs every client for `seconds`; returns one recorder per route. */
export async function runOpenLoop(baseUrl: string, clients: OpenLoopClient[], seconds: number): Promise<Map<string, Recorder>> {
  const base = new URL(baseUrl);
  const recorders = new Map<string, Recorder>();
  const recorder = (route: string) => recorders.get(route) ?? recorders.set(route, new Recorder(route)).get(route) ?? new Recorder(route);
  const started = performance.now();
  const end = started + seconds * 1000;
  const inFlight = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];

  clients.forEach((client, i) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const forwardedFor = `10.${(i >> 8) & 255}.${i & 255}.${1 + (i % 200)}`;
    // Each client starts at a random phase so arrivals spread evenly.
    let due = started + Math.random() * client.everyS * 1000;
    const fire = () => {
      if (due >= end) return;
      const req = client.next();
      const scheduled = due;
      const p = send(agent, req.base ? new URL(req.base) : base, req, forwardedFor)
        .then(({ status, body }) => {
          const ms = performance.now() - scheduled;
          const ok = req.okStatus ? req.okStatus(status) : status >= 200 && status < 300;
          if (ok) recorder(req.route).ok(ms);
          else recorder(req.route).fail(ms, `${status} ${body}`);
          client.onAnswer?.(status, body, req);
        })
        .catch((err: unknown) => recorder(req.route).fail(performance.now() - scheduled, String(err)))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      due += client.everyS * 1000;
      timers.push(setTimeout(fire, Math.max(0, due - performance.now())));
    };
    timers.push(setTimeout(fire, Math.max(0, due - performance.now())));
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  timers.forEach(clearTimeout);
  await Promise.all([...inFlight]);
  return recorders;
}
