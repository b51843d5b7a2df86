import "server-only";
import type { Redis } from "ioredis";
import { getRedis } from "../redis";

/** A second scan of the same parent on the same bill within this window is absorbed. */
export const BILL_SCAN_WINDOW_S = 3;
const MEMORY_MAX_ENTRIES = 5000;

export type DedupeRedis = Pick<Redis, "set" | "status">;
const REDIS_DOWN = new Set(["reconnecting", "close", "end"]);

const globalForDedupe = globalThis as typeof globalThis & { __tracetrackBillScans?: Map<string, number> };

function memory(): Map<string, number> {
  globalForDedupe.__tracetrackBillScans ??= new Map();
  return globalForDedupe.__tracetrackBillScans;
}

export function billScanKey(billId: number, qr: string): string {
  return `dedupe:bill-scan:${billId}:${qr}`;
}

/**
 * True for the first scan of (bill, parent) in the window, false for a repeat. Shared through
 * Redis (SET NX EX) across instances; without Redis, or when it errors, an in-process map.
 * Fails open: the absorber only saves work, the unique bill_bags row still prevents a double add.
 */
export async function claimBillScan(
  billId: number,
  qr: string,
  redis: DedupeRedis | null = getRedis(),
  now: number = Date.now(),
): Promise<boolean> {
  const key = billScanKey(billId, qr);
  // While Redis is known to be down, don't make every scan wait for its command timeout.
  if (redis && !REDIS_DOWN.has(redis.status)) {
    try {
      return (await redis.set(key, "1", "EX", BILL_SCAN_WINDOW_S, "NX")) === "OK";
    } catch (err) {
      console.warn("[bills] Redis scan de-duplication failed; using the in-process window", err);
    }
  }
  return claimInMemory(key, now);
}

function claimInMemory(key: string, now: number): boolean {
  const seen = memory();
  const expiresAt = seen.get(key);
  if (expiresAt !== undefined && expiresAt > now) return false;
  seen.delete(key);
  if (seen.size >= MEMORY_MAX_ENTRIES) evict(seen, now);
  seen.set(key, now + BILL_SCAN_WINDOW_S * 1000);
  return true;
}

// Entries are inserted in time order with one fixed window, so the oldest come first.
function evict(seen: Map<string, number>, now: number): void {
  for (const [key, expiresAt] of seen) {
    if (expiresAt > now && seen.size < MEMORY_MAX_ENTRIES) break;
    seen.delete(key);
  }
}
