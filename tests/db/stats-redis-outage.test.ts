import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { isValidElement, type ReactElement, type ReactNode } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import DashboardPage from "@/app/(app)/dashboard/page";
import { GET as activityRoute } from "@/app/api/stats/activity/route";
import { GET as statsRoute } from "@/app/api/stats/route";
import { LiveDashboard } from "@/components/dashboard/live-dashboard";
import type { DashboardActivity, StatsDto } from "@/lib/dto/stats";
import type { SessionUser } from "@/lib/server/auth/session";
import { UnavailableError } from "@/lib/server/errors";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import type { Actor } from "@/lib/server/service";
import { getDashboardActivity } from "@/lib/server/stats/activity";
import { RedisSkippedError } from "@/lib/server/redis-breaker";
import { getStatsFor, STATS_CACHE_MS } from "@/lib/server/stats/read";
import { lastReconcile, startStatsReconciler } from "@/lib/server/stats/scheduler";
import { createBatchingStatsStore, createMemoryStatsStore, type StatsStore } from "@/lib/server/stats/store";
import { ctxOf, sessionUserOf } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";
import { childLabels } from "../support/scan";
import { trueCounts } from "./stats-scenario";

// Issue 12 item 6: Redis dies, hangs, or turns into a silent listener under the app's own client
// and stats store (REDIS_URL → a private redis-server on a free port); stats, the activity feed
// and the dashboard render after sign-in must answer fast and never 500, and scans go on.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));

const hasRedisServer = spawnSync("sh", ["-c", "command -v redis-server && command -v redis-cli"]).status === 0;
/** A port nobody listens on right now (asked synchronously: REDIS_URL must be set before any app code reads it). */
function freePort(): number {
  const script = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script]).toString());
}
const PORT = hasRedisServer ? freePort() : 1;
process.env.REDIS_URL = `redis://127.0.0.1:${PORT}`;
const db = setupTestDb();

const ORIGIN = "http://tracetrack.test";
const NO_SEGMENTS = { params: Promise.resolve({}) };
// Every single call under an outage; the median is the "~100 ms" of the issue.
const MAX_MS = 300;
const MEDIAN_MS = 100;

let redis: ChildProcess | null = null;
let silent: Server | null = null;
const silentSockets = new Set<Socket>();

async function startRedis(): Promise<void> {
  const child = spawn("redis-server", ["--port", String(PORT), "--save", "", "--appendonly", "no", "--daemonize", "no"], { stdio: "ignore" });
  redis = child;
  for (let i = 0; i < 100; i++) {
    if (spawnSync("redis-cli", ["-p", String(PORT), "ping"]).stdout?.toString().trim() === "PONG") return;
    await sleep(50);
  }
  throw new Error(`redis-server did not start on port ${PORT}`);
}

async function killRedis(): Promise<void> {
  const child = redis;
  redis = null;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** Accepts connections on the Redis port and never answers: what "Command timed out" looks like. */
async function startSilentServer(): Promise<void> {
  const server = createServer((socket) => {
    silentSockets.add(socket);
    socket.on("close", () => silentSockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(PORT, "127.0.0.1", () => resolve()));
  silent = server;
}

async function stopSilentServer(): Promise<void> {
  const server = silent;
  silent = null;
  if (!server) return;
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await call();
  return { ms: performance.now() - started, value };
}

function signIn(actor: Actor): void {
  session.user = sessionUserOf(actor);
}

/** The numbers the dashboard page handed its live island for the first paint. */
function firstPaint(node: ReactNode): { stats: StatsDto | null; activity: DashboardActivity | null } | null {
  if (Array.isArray(node)) {
    for (const child of node as ReactNode[]) {
      const found = firstPaint(child);
      if (found) return found;
    }
    return null;
  }
  if (!isValidElement(node)) return null;
  const element = node as ReactElement<{ children?: ReactNode; initialStats?: StatsDto | null; initialActivity?: DashboardActivity | null }>;
  if (element.type === LiveDashboard) return { stats: element.props.initialStats ?? null, activity: element.props.initialActivity ?? null };
  return firstPaint(element.props.children);
}

type Answer = { status: number; retryAfter: string | null; body: { stale?: boolean; error?: { code: string } } };
async function answer(res: Response): Promise<Answer> {
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Answer["body"] };
}
const get = (path: string) => new Request(`${ORIGIN}${path}`, { headers: { cookie: "authjs.session-token=test-session" } });

/** Either the last good numbers marked stale, or 503 with Retry-After; never a 500. */
function expectDegradedAnswer(label: string, a: Answer): void {
  if (a.status === 503) {
    expect({ label, retryAfter: Number(a.retryAfter) > 0 }).toEqual({ label, retryAfter: true });
    return;
  }
  expect({ label, status: a.status, stale: a.body.stale }).toEqual({ label, status: 200, stale: true });
}

/** The one refusal a stats read may give: 503 with Retry-After (anything else fails the test). */
function expectUnavailable(err: unknown): null {
  expect(err).toBeInstanceOf(UnavailableError);
  expect(err instanceof UnavailableError && err.retryAfterS).toBeGreaterThan(0);
  return null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Infinity;

/**
 * Calls everything that reads the counters for a little longer than the stats cache lives, and
 * asserts each call's latency; returns the answers of the last round (past the cache).
 */
async function underOutage(viewer: Actor, rounds = 12) {
  const times: Record<string, number[]> = { getStatsFor: [], "/api/stats": [], "/api/stats/activity": [], dashboard: [], getDashboardActivity: [] };
  let last: { stats: Answer; activity: Answer; page: ReturnType<typeof firstPaint> } | null = null;
  const statuses: number[] = [];
  signIn(viewer);
  for (let i = 0; i < rounds; i++) {
    times.getStatsFor?.push((await timed(() => getStatsFor(viewer).catch(expectUnavailable))).ms);
    times.getDashboardActivity?.push((await timed(() => getDashboardActivity(db().db, viewer).catch(expectUnavailable))).ms);
    const stats = await timed(async () => answer(await statsRoute(get("/api/stats"), NO_SEGMENTS)));
    times["/api/stats"]?.push(stats.ms);
    const activity = await timed(async () => answer(await activityRoute(get("/api/stats/activity"), NO_SEGMENTS)));
    times["/api/stats/activity"]?.push(activity.ms);
    // The page a sign-in redirects to: its server render awaits the stats and the activity.
    const page = await timed(async () => firstPaint(await DashboardPage()));
    times.dashboard?.push(page.ms);
    statuses.push(stats.value.status, activity.value.status);
    last = { stats: stats.value, activity: activity.value, page: page.value };
    // Already too slow: stop here and report the numbers below rather than run into the test timeout.
    if (Object.values(times).some((ms) => Math.max(...ms) >= MAX_MS)) break;
    await sleep((STATS_CACHE_MS + 400) / rounds);
  }
  for (const [call, ms] of Object.entries(times)) {
    expect(Math.max(...ms), `slowest ${call} (ms: ${ms.map(Math.round).join(", ")})`).toBeLessThan(MAX_MS);
    expect(median(ms), `median ${call}`).toBeLessThan(MEDIAN_MS);
  }
  expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
  if (!last) throw new Error("no rounds");
  return last;
}

let dispatcher: Actor;
let biller: Actor;
let nextChild = 9300001;
async function scanSome(n: number): Promise<number[]> {
  const ctx = ctxOf(db().db, dispatcher);
  const times: number[] = [];
  for (const qr of childLabels(nextChild, n)) {
    const { ms, value } = await timed(() => scanChild(ctx, { parentQr: "SB93000", qr }));
    expect(value.result).toBe("linked");
    times.push(ms);
  }
  nextChild += n;
  return times;
}

async function expectFreshAndTrue(viewer: Actor): Promise<void> {
  const truth = await trueCounts(db(), null);
  await expect
    .poll(
      async () => {
        const s = await getStatsFor(viewer).catch(() => null);
        return s && { stale: s.stale ?? false, parentBags: s.parentBags, childBags: s.childBags, scansToday: s.scansToday };
      },
      { timeout: 15_000, interval: 250 },
    )
    .toEqual({ stale: false, parentBags: truth.parentBags, childBags: truth.childBags, scansToday: truth.scansToday });
}

describe.skipIf(!usingPostgres || !process.env.TEST_REDIS_URL || !hasRedisServer)("statistics while Redis is down, hung or silent", () => {
  beforeAll(async () => {
    await startRedis();
    await truncateAll(db());
    dispatcher = await makeUser(db().db, "dispatcher", "lucknow");
    biller = await makeUser(db().db, "biller");
    await scanParent(ctxOf(db().db, dispatcher), { qr: "SB93000" });
    await scanSome(3);
    // The app's start-up path: counters reconciled now, then every minute (and on recovery).
    startStatsReconciler(() => db().db);
    for (let i = 0; i < 100 && !(await lastReconcile().catch(() => null)); i++) await sleep(100);
  });
  afterAll(async () => {
    await stopSilentServer();
    await killRedis();
  });

  it("serves fresh numbers while Redis is up", async () => {
    await expectFreshAndTrue(biller);
    signIn(biller);
    const stats = await answer(await statsRoute(get("/api/stats"), NO_SEGMENTS));
    expect(stats.status).toBe(200);
    expect(stats.body).not.toHaveProperty("stale");
    expect((await answer(await activityRoute(get("/api/stats/activity"), NO_SEGMENTS))).status).toBe(200);
  });

  it("a hung Redis (SIGSTOP): every read answers within the bound with stale numbers, then fresh after SIGCONT", async () => {
    const pid = redis?.pid;
    if (!pid) throw new Error("no redis-server");
    process.kill(pid, "SIGSTOP");
    try {
      const last = await underOutage(biller);
      expectDegradedAnswer("/api/stats", last.stats);
      expectDegradedAnswer("/api/stats/activity", last.activity);
      expect(last.page?.stats?.stale ?? true).toBe(true);
      const scans = await scanSome(3);
      expect(Math.max(...scans)).toBeLessThan(MAX_MS * 3);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await expectFreshAndTrue(biller);
  });

  it("a killed Redis (SIGKILL): reads stay fast and never 500, scans go on, and a restarted Redis gets fresh, reconciled numbers", async () => {
    await killRedis();
    const last = await underOutage(biller);
    expectDegradedAnswer("/api/stats", last.stats);
    expectDegradedAnswer("/api/stats/activity", last.activity);
    expect(last.page?.stats?.stale ?? true).toBe(true);
    const scans = await scanSome(5);
    expect(Math.max(...scans)).toBeLessThan(MAX_MS * 3);

    // Something accepts connections on the port but never answers ("Command timed out").
    await startSilentServer();
    await sleep(500);
    const quiet = await underOutage(dispatcher);
    expectDegradedAnswer("/api/stats", quiet.stats);
    expectDegradedAnswer("/api/stats/activity", quiet.activity);
    await scanSome(2);
    await stopSilentServer();

    // Back, empty (no persistence): the scans made meanwhile reach the counters again.
    await startRedis();
    await expectFreshAndTrue(biller);
    signIn(biller);
    const stats = await answer(await statsRoute(get("/api/stats"), NO_SEGMENTS));
    expect(stats.status).toBe(200);
    expect(stats.body).not.toHaveProperty("stale");
  });
});

describe("counter bumps while Redis is skipped", () => {
  it("wait in memory summed per counter, bounded, reach the counters once Redis answers, and a failed send is not resent", async () => {
    const counters = createMemoryStatsStore();
    let mode: "skipped" | "up" | "failing" = "skipped";
    const inner: StatsStore = {
      ...counters,
      async apply(ops) {
        if (mode === "skipped") throw new RedisSkippedError(5000, "down in this test");
        if (mode === "failing") throw new Error("Command timed out");
        await counters.apply(ops);
      },
    };
    const dropped: number[] = [];
    const store = createBatchingStatsStore(inner, { flushMs: 60_000, maxPending: 50, onDropped: (_err, n) => dropped.push(n) });
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

    // A scan burst on 40 counters, flushed into a skipped Redis: nothing lost, nothing grows.
    for (let i = 0; i < 1000; i++) await store.apply([{ key: `c${i % 40}`, by: 1 }]);
    await store.flush();
    await store.flush();
    // 100 more counters: room for 10, the other 90 are dropped (and counted) instead of held.
    for (let i = 0; i < 100; i++) await store.apply([{ key: `new${i}`, by: 1 }]);
    expect(sum(dropped)).toBe(90);

    mode = "up";
    await store.flush();
    expect(await counters.get(["c0", "c39", "new0", "new9", "new10"])).toEqual([25, 25, 1, 1, 0]);

    // Sent but not confirmed (it may have been applied): dropped for reconciliation, never resent.
    mode = "failing";
    await store.apply([{ key: "c0", by: 7 }]);
    await store.flush();
    expect(sum(dropped)).toBe(91);
    mode = "up";
    await store.flush();
    expect(await counters.get(["c0"])).toEqual([25]);
  });
});
