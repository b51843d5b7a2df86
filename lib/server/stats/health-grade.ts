import "server-only";
import type { Health, HealthComponent, Light, SystemHealth } from "@/lib/dto/health";
import type { LoopDelay } from "./runtime-metrics";
import type { ReconcileReport } from "./reconcile";

export interface GradeInput {
  health: Health;
  db: {
    kind: "postgres" | "pglite";
    sizeBytes: number;
    activeSessions: number;
    pool: { total: number; idle: number; active: number; idle_in_tx: number; waiting: number; server_total: number; max_connections: number } | null;
  } | null;
  redis: { pingMs: number; usedMemoryMb: number; connectedClients: number; keyspaceHitRate: number | null } | { error: string } | null;
  reconcile: ReconcileReport | null;
  storeKind: "redis" | "memory";
  memory: NodeJS.MemoryUsage;
  loop: LoopDelay | null;
  errors: { last15Min: number; total: number };
  counters: { cacheHits: number; cacheMisses: number; droppedBumps: number };
  poolMax: number;
  cookieSecure: boolean;
  /** This instance's session cache (lib/server/auth/session-cache.ts); absent: not asked. */
  sessionCache?: { seconds: number; listening: boolean; kept: number };
  /** Addresses sending many invalid gate passes in the last minute (null: could not be read). */
  gateInvalidSources?: { ip: string; count: number }[] | null;
  now: number;
}

/** green below `amberAt`, amber below `redAt`, red from there on. */
export function band(value: number, amberAt: number, redAt: number): Light {
  return value < amberAt ? "green" : value < redAt ? "amber" : "red";
}

const MB = 1024 * 1024;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

function database({ health, db }: GradeInput): HealthComponent {
  const latency = health.db.latencyMs;
  return {
    status: !health.db.ok || latency === null ? "red" : band(latency, 100, 500),
    summary: health.db.ok ? `${db?.kind ?? "database"} answers in ${latency} ms` : "unreachable",
    thresholds: "query green < 100 ms, amber < 500 ms, red ≥ 500 ms or unreachable",
    details: {
      latencyMs: latency,
      sizeMb: db ? Math.round(db.sizeBytes / MB) : null,
      driver: db?.kind ?? null,
    },
  };
}

function pool({ db, poolMax }: GradeInput): HealthComponent {
  if (!db) return { status: "red", summary: "could not be read", thresholds: "—", details: {} };
  if (!db.pool) {
    return { status: "green", summary: "embedded PGlite: one in-process connection, no pool", thresholds: "n/a", details: { total: "n/a", idle: "n/a", waiting: "n/a" } };
  }
  const p = db.pool;
  const usage = pct(p.server_total, p.max_connections);
  return {
    status: band(usage, 80, 95),
    summary: `${p.total} TraceTrack connections (${p.idle} idle), server at ${usage}% of max_connections`,
    thresholds: "server connections green < 80 %, amber < 95 %, red ≥ 95 % of max_connections",
    details: {
      total: p.total,
      idle: p.idle,
      active: p.active,
      idleInTransaction: p.idle_in_tx,
      waitingOnLocks: p.waiting,
      // postgres.js does not expose requests queued for a free connection.
      queuedInPool: "n/a",
      poolMaxPerInstance: poolMax,
      serverConnections: p.server_total,
      maxConnections: p.max_connections,
    },
  };
}

function redis({ redis: r, storeKind }: GradeInput): HealthComponent {
  const thresholds = "green: answers < 50 ms; amber: slower; red: configured but down";
  if (r === null) {
    return { status: "green", summary: "not configured: counters, limits and caches are in-process (single instance only)", thresholds, details: { configured: false, statsStore: storeKind } };
  }
  if ("error" in r) return { status: "red", summary: `down: ${r.error}`, thresholds, details: { configured: true, statsStore: storeKind } };
  return {
    status: band(r.pingMs, 50, Infinity),
    summary: `answers in ${r.pingMs} ms, ${r.usedMemoryMb} MB used`,
    thresholds,
    details: { configured: true, pingMs: r.pingMs, usedMemoryMb: r.usedMemoryMb, clients: r.connectedClients, keyspaceHitRatePct: r.keyspaceHitRate, statsStore: storeKind },
  };
}

function cache({ counters }: GradeInput): HealthComponent {
  const lookups = counters.cacheHits + counters.cacheMisses;
  const rate = pct(counters.cacheHits, lookups);
  const enough = lookups >= 20;
  return {
    status: enough ? (rate > 60 ? "green" : rate >= 30 ? "amber" : "red") : "green",
    summary: enough ? `/api/stats served from this instance's copy ${rate}% of the time` : `only ${lookups} lookups so far: too few to judge`,
    thresholds: "hit rate green > 60 %, amber 30–60 %, red < 30 % (from 20 lookups)",
    details: { hits: counters.cacheHits, misses: counters.cacheMisses, hitRatePct: lookups ? rate : null },
  };
}

function memory({ memory: m }: GradeInput): HealthComponent {
  const rssMb = Math.round(m.rss / MB);
  return {
    status: band(rssMb, 400, 700),
    summary: `${rssMb} MB resident`,
    thresholds: "RSS green < 400 MB, amber < 700 MB, red ≥ 700 MB",
    details: { rssMb, heapUsedMb: Math.round(m.heapUsed / MB), heapTotalMb: Math.round(m.heapTotal / MB), externalMb: Math.round(m.external / MB) },
  };
}

function eventLoop({ loop }: GradeInput): HealthComponent {
  const thresholds = "p99 delay green < 50 ms, amber < 200 ms, red ≥ 200 ms";
  if (!loop) return { status: "amber", summary: "not sampled yet", thresholds, details: {} };
  return {
    status: band(loop.p99Ms, 50, 200),
    summary: `p99 ${loop.p99Ms} ms over the last ${loop.windowS} s`,
    thresholds,
    details: { p50Ms: loop.p50Ms, p99Ms: loop.p99Ms, maxMs: loop.maxMs, windowS: loop.windowS },
  };
}

function errors({ errors: e }: GradeInput): HealthComponent {
  return {
    status: e.last15Min === 0 ? "green" : band(e.last15Min, 0, 10),
    summary: `${e.last15Min} server errors (5xx) in 15 minutes, ${e.total} since start`,
    thresholds: "5xx from JSON routes in 15 min: green 0, amber 1–9, red ≥ 10 (this instance)",
    details: { last15Min: e.last15Min, sinceStart: e.total },
  };
}

function statistics({ reconcile, counters, storeKind, now }: GradeInput): HealthComponent {
  const thresholds = "last reconciliation green < 3 min ago, amber < 10 min, red older";
  if (!reconcile) return { status: "amber", summary: "no reconciliation has run yet", thresholds, details: { store: storeKind, droppedUpdates: counters.droppedBumps } };
  const ageS = Math.round((now - Date.parse(reconcile.at)) / 1000);
  return {
    status: band(ageS, 180, 600),
    summary: `reconciled ${ageS} s ago in ${reconcile.durationMs} ms, corrected ${reconcile.corrected} counters`,
    thresholds,
    details: { store: storeKind, lastRunAgeS: ageS, durationMs: reconcile.durationMs, corrected: reconcile.corrected, drift: reconcile.drift, droppedUpdates: counters.droppedBumps },
  };
}

function sessions({ db, cookieSecure, sessionCache }: GradeInput): HealthComponent {
  // A cache that should listen and does not is safe (every request reads its row) but slower, and
  // says the database's notifications do not reach this instance.
  const deaf = sessionCache !== undefined && sessionCache.seconds > 0 && !sessionCache.listening;
  const cacheSummary = !sessionCache || sessionCache.seconds === 0 ? "" : deaf ? "; not listening for session changes: every request reads its session" : `; ${sessionCache.kept} kept here for ≤ ${sessionCache.seconds} s`;
  return {
    status: cookieSecure && !deaf ? "green" : "amber",
    summary: `${db?.activeSessions ?? "?"} active sessions; cookie ${cookieSecure ? "Secure" : "not Secure (plain http)"}${cacheSummary}`,
    thresholds: "green: Secure cookie, and this instance listening for session changes (when it keeps sessions); amber: cookie sent over plain http, or not listening",
    details: {
      active: db?.activeSessions ?? null,
      secureCookie: cookieSecure,
      cacheSeconds: sessionCache?.seconds ?? null,
      cacheListening: sessionCache?.listening ?? null,
      cacheKept: sessionCache?.kept ?? null,
    },
  };
}

function gateScans({ gateInvalidSources }: GradeInput): HealthComponent {
  const thresholds = "green: no address sent 10 invalid gate passes within a minute; amber: one did (forged or garbage QR codes)";
  if (gateInvalidSources === null || gateInvalidSources === undefined) {
    return { status: "amber", summary: "the gate's scan log could not be read", thresholds, details: {} };
  }
  if (gateInvalidSources.length === 0) return { status: "green", summary: "no burst of invalid gate passes", thresholds, details: { sources: 0 } };
  const named = gateInvalidSources.map((s) => `${s.ip} (${s.count} in the last minute)`).join(", ");
  return {
    status: "amber",
    summary: `Invalid gate passes from ${named}`,
    thresholds,
    details: Object.fromEntries([["sources", gateInvalidSources.length], ...gateInvalidSources.map((s) => [s.ip, s.count] as const)]),
  };
}

export function grade(input: GradeInput): Omit<SystemHealth["components"], "backups"> {
  return {
    database: database(input),
    pool: pool(input),
    redis: redis(input),
    cache: cache(input),
    memory: memory(input),
    eventLoop: eventLoop(input),
    errors: errors(input),
    statistics: statistics(input),
    sessions: sessions(input),
    gateScans: gateScans(input),
  };
}
