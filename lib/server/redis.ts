import "server-only";
import { Redis } from "ioredis";
import { getEnv } from "./env";

const globalForRedis = globalThis as typeof globalThis & { __tracetrackRedis?: Redis | null };

/** The process's one Redis client, or null when REDIS_URL is unset (in-process fallbacks apply). */
export function getRedis(): Redis | null {
  if (globalForRedis.__tracetrackRedis === undefined) {
    const url = getEnv().REDIS_URL;
    globalForRedis.__tracetrackRedis = url
      ? new Redis(url, {
          lazyConnect: false,
          // Commands wait briefly for (re)connection, then fail fast so callers can fall back.
          maxRetriesPerRequest: 1,
          commandTimeout: 1000,
          connectTimeout: 2000,
          // On, so commands at start-up wait for the first connection. After an outage the callers
          // do not queue here: the shared breaker (redis-breaker.ts) skips Redis while it is down.
          enableOfflineQueue: true,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
        })
      : null;
    globalForRedis.__tracetrackRedis?.on("error", () => {
      // Reported through health checks; ioredis keeps reconnecting in the background.
    });
  }
  return globalForRedis.__tracetrackRedis;
}
