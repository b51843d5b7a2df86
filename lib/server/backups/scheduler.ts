import "server-only";
import type { Redis } from "ioredis";
import type { BackupEntry, BackupKind } from "@/lib/dto/backups";
import { istDay } from "@/lib/time";

/** Who runs a slot: SET NX PX on Redis (one winner among instances), or this process alone. */
export interface SlotClaimer {
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export function redisSlotClaimer(redis: Redis, prefix = "backup"): SlotClaimer {
  return {
    async claim(key, ttlMs) {
      return (await redis.set(`${prefix}:${key}`, String(process.pid), "PX", ttlMs, "NX")) === "OK";
    },
  };
}

export function memorySlotClaimer(): SlotClaimer {
  const taken = new Map<string, number>();
  return {
    async claim(key, ttlMs) {
      const now = Date.now();
      const until = taken.get(key);
      if (until !== undefined && until > now) return false;
      taken.set(key, now + ttlMs);
      return true;
    },
  };
}

export interface SchedulerDeps {
  intervalMs: number;
  claimer: SlotClaimer;
  /** Takes one backup of `kind` stamped `at` (the slot's start). */
  run(kind: BackupKind, at: Date): Promise<BackupEntry>;
  /** The entries already on disk (a restarted instance skips a slot it already backed up). */
  entries(): Promise<BackupEntry[]>;
  /** Called once a slot's backup failed twice (the retry included). */
  onFailure(kind: BackupKind, error: unknown, attempts: number): Promise<void>;
  /** Called after a slot's backup succeeded (pruning, status). */
  onSuccess(entry: BackupEntry): Promise<void>;
  retryDelayMs?: number;
  now?: () => number;
}

export type TickResult = "ran" | "retried" | "failed" | "done" | "lost" | "seen";

/**
 * One backup per slot of `intervalMs` (slots start at multiples of it since the epoch: on the hour
 * for 60 minutes), elected by `claimer`. The first slot of each IST day with no daily backup yet
 * is taken as "daily", every other as "hourly"; retention keeps each kind separately.
 */
export function createBackupScheduler(deps: SchedulerDeps) {
  const now = deps.now ?? Date.now;
  let lastSlot: number | undefined;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function tick(): Promise<TickResult> {
    const slot = Math.floor(now() / deps.intervalMs) * deps.intervalMs;
    if (slot === lastSlot) return "seen";
    lastSlot = slot;
    const entries = await deps.entries();
    const scheduled = entries.filter((e) => e.kind !== "manual");
    if (scheduled.some((e) => Date.parse(e.createdAt) >= slot)) return "done";
    // Longer than the slot: an instance that starts late in the slot finds it taken.
    if (!(await deps.claimer.claim(`slot:${slot}`, 2 * deps.intervalMs))) return "lost";
    const at = new Date(slot);
    const kind: BackupKind = scheduled.some((e) => e.kind === "daily" && istDay(e.createdAt) === istDay(at)) ? "hourly" : "daily";
    let error: unknown;
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      try {
        const entry = await deps.run(kind, at);
        await deps.onSuccess(entry);
        return attempt === 1 ? "ran" : "retried";
      } catch (err) {
        error = err;
        if (attempt === 1) await sleep(deps.retryDelayMs ?? 30_000);
      }
    }
    await deps.onFailure(kind, error, 2);
    return "failed";
  }

  return { tick };
}
