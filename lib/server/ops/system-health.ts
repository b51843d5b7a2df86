import "server-only";
import { sql } from "drizzle-orm";
import type { Light, SystemHealth } from "@/lib/dto/health";
import { getDbHandle } from "../db";
import { getEnv } from "../env";
import { getRedis } from "../redis";
import { sessionCacheState } from "../auth/session";
import { grade } from "../stats/health-grade";
import { cacheAndBumpCounts, loopDelay, serverErrorCounts } from "../stats/runtime-metrics";
import { lastReconcile } from "../stats/scheduler";
import { getStatsStore } from "../stats/store";
import { withTimeout } from "../timeout";
import { invalidScanSources } from "../passes/gate-watch";
import { backupStatus, schedulerStartedAt } from "../backups/service";
import { gradeBackups } from "../backups/health";
import { checkHealth } from "./health";

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round(bytes / MB);

async function databaseFacts() {
  const handle = getDbHandle();
  const [size] = await withTimeout(
    handle.rows<{ bytes: string | number }>(sql`select pg_database_size(current_database())::bigint as bytes`),
    2000,
  );
  const [sessions] = await withTimeout(
    handle.rows<{ n: number }>(sql`select count(*)::int as n from sessions where expires > now()`),
    2000,
  );
  if (handle.kind !== "postgres") return { kind: handle.kind, sizeBytes: Number(size?.bytes ?? 0), activeSessions: sessions?.n ?? 0, pool: null };
  // postgres.js keeps its pool queues private, so connections are read from the server's side:
  // every TraceTrack instance on this database (application_name), this check included.
  const [pool] = await withTimeout(
    handle.rows<{ total: number; idle: number; active: number; idle_in_tx: number; waiting: number; server_total: number; max_connections: number }>(sql`
      select count(*) filter (where application_name = 'tracetrack')::int as total,
             count(*) filter (where application_name = 'tracetrack' and state = 'idle')::int as idle,
             count(*) filter (where application_name = 'tracetrack' and state = 'active')::int as active,
             count(*) filter (where application_name = 'tracetrack' and state like 'idle in transaction%')::int as idle_in_tx,
             count(*) filter (where application_name = 'tracetrack' and wait_event_type = 'Lock')::int as waiting,
             (select count(*)::int from pg_stat_activity where backend_type = 'client backend') as server_total,
             current_setting('max_connections')::int as max_connections
      from pg_stat_activity where datname = current_database()`),
    2000,
  );
  return { kind: handle.kind, sizeBytes: Number(size?.bytes ?? 0), activeSessions: sessions?.n ?? 0, pool: pool ?? null };
}

async function redisFacts() {
  const redis = getRedis();
  if (!redis) return null;
  const started = performance.now();
  const info = await withTimeout(redis.info(), 1000);
  const pingMs = Math.round((performance.now() - started) * 10) / 10;
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1] ?? 0);
  const hits = field("keyspace_hits");
  const misses = field("keyspace_misses");
  return {
    pingMs,
    usedMemoryMb: mb(field("used_memory")),
    connectedClients: field("connected_clients"),
    keyspaceHitRate: hits + misses > 0 ? Math.round((hits / (hits + misses)) * 1000) / 10 : null,
  };
}

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Everything the admin health page shows; each component graded by the thresholds it names. */
export async function getSystemHealth(now = Date.now()): Promise<SystemHealth> {
  const [health, db, redis, reconcile, gateInvalid, backups] = await Promise.all([
    checkHealth(),
    settle(databaseFacts()),
    settle(redisFacts()),
    settle(lastReconcile()),
    settle(withTimeout(invalidScanSources(getDbHandle().db, now), 2000)),
    settle(withTimeout(backupStatus(), 2000)),
  ]);
  const graded = grade({
    health,
    db: db.ok ? db.value : null,
    redis: redis.ok ? redis.value : { error: redis.error },
    reconcile: reconcile.ok ? reconcile.value : null,
    storeKind: getStatsStore().kind,
    memory: process.memoryUsage(),
    loop: loopDelay(now),
    errors: serverErrorCounts(now),
    counters: cacheAndBumpCounts(),
    poolMax: getEnv().DB_POOL_MAX,
    cookieSecure: getEnv().cookieSecure,
    sessionCache: sessionCacheState(),
    gateInvalidSources: gateInvalid.ok ? gateInvalid.value : null,
    now,
  });
  const components: SystemHealth["components"] = {
    ...graded,
    backups: backups.ok
      ? gradeBackups(backups.value, now, schedulerStartedAt())
      : { status: "amber", summary: `could not be read: ${backups.error}`, thresholds: "—", details: {} },
  };
  const lights = Object.values(components).map((c) => c.status);
  const overall: Light = lights.includes("red") ? "red" : lights.includes("amber") ? "amber" : "green";
  return { ...health, overall, generatedAt: new Date(now).toISOString(), components };
}
