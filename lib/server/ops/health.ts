import "server-only";
import { sql } from "drizzle-orm";
import type { Health } from "@/lib/dto/health";
import { getDbHandle } from "../db";
import { getEnv } from "../env";
import { getRedis } from "../redis";
import { withTimeout } from "../timeout";

/** Database and Redis reachability, for GET /api/health (load balancers) and the admin page. */
export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  let dbOk = false;
  try {
    await withTimeout(getDbHandle().rows(sql`select 1 as ok`), 2000);
    dbOk = true;
  } catch {
    dbOk = false;
  }
  const latencyMs = dbOk ? Math.round((performance.now() - started) * 10) / 10 : null;

  const client = getRedis();
  let redis: Health["redis"] = "disabled";
  if (client) {
    try {
      redis = { ok: (await withTimeout(client.ping(), 1000)) === "PONG" };
    } catch {
      redis = { ok: false };
    }
  }
  const redisOk = redis === "disabled" || redis.ok;
  return {
    status: !dbOk ? "down" : redisOk ? "ok" : "degraded",
    db: { ok: dbOk, latencyMs },
    redis,
    version: getEnv().APP_VERSION,
    uptimeS: Math.round(process.uptime()),
  };
}
