import "server-only";
import type { Db } from "@/db/client";
import { istDay, istWallClock } from "@/lib/time";
import { memorySlotClaimer, redisSlotClaimer, type SlotClaimer } from "../backups/scheduler";
import { getEnv } from "../env";
import { getRedis } from "../redis";
import { systemContext } from "../service";
import { mailEodSummary, scheduledEodSent } from "./eod-mail";

// Longer than a day, so no instance that ticks late on the same IST day can claim it again.
export const EOD_CLAIM_TTL_MS = 26 * 3_600_000;
const TICK_MS = 60_000;

export interface EodSchedulerDeps {
  /** "HH:MM", IST. */
  eodTime: string;
  claimer: SlotClaimer;
  /** Whether the day's scheduled mail already went (read from the audit log: survives restarts). */
  sent(day: string): Promise<boolean>;
  send(day: string): Promise<unknown>;
  now?: () => Date;
}

export type EodTickResult = "early" | "seen" | "done" | "lost" | "sent" | "failed";

/** The IST wall clock's minutes since midnight. */
function istMinutes(at: Date): number {
  const wall = istWallClock(at);
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

/**
 * Once a day, from EOD_TIME (IST) on, one instance mails that day's summary: the first tick at or
 * after the time claims `day:<IST date>` (Redis SET NX across instances), and the winner sends.
 * A day already sent (audit row) is skipped, so a restart after the send sends nothing.
 */
export function createEodScheduler(deps: EodSchedulerDeps) {
  const now = deps.now ?? (() => new Date());
  const [hh, mm] = deps.eodTime.split(":").map(Number);
  const at = (hh ?? 20) * 60 + (mm ?? 0);
  let lastDay: string | undefined;

  async function tick(): Promise<EodTickResult> {
    const instant = now();
    if (istMinutes(instant) < at) return "early";
    const day = istDay(instant);
    if (day === lastDay) return "seen";
    // A failed read (database or Redis down) throws before lastDay is set: the next tick tries again.
    const done = await deps.sent(day);
    const won = !done && (await deps.claimer.claim(`day:${day}`, EOD_CLAIM_TTL_MS));
    lastDay = day;
    if (done) return "done";
    if (!won) return "lost";
    try {
      await deps.send(day);
      return "sent";
    } catch (err) {
      console.error(`[eod] the summary of ${day} could not be sent:`, err instanceof Error ? err.message : err);
      return "failed";
    }
  }
  return { tick };
}

const g = globalThis as typeof globalThis & { __tracetrackEod?: NodeJS.Timeout };

/** Ticks every minute unless EOD_MAIL=off; idempotent. One Redis-elected instance sends per day. */
export function startEodScheduler(getDb: () => Db): void {
  const env = getEnv();
  if (!env.eodMail || g.__tracetrackEod) return;
  const redis = getRedis();
  const scheduler = createEodScheduler({
    eodTime: env.EOD_TIME,
    claimer: redis ? redisSlotClaimer(redis, "eod") : memorySlotClaimer(),
    sent: (day) => scheduledEodSent(getDb(), day),
    send: async (day) => {
      const result = await mailEodSummary(systemContext(getDb()), day, "scheduled");
      console.log(`[eod] summary of ${day} sent to ${result.recipients} recipients`);
    },
  });
  const tick = () => void scheduler.tick().catch((err: unknown) => console.error("[eod] scheduler tick failed:", err instanceof Error ? err.message : err));
  g.__tracetrackEod = setInterval(tick, TICK_MS);
  g.__tracetrackEod.unref();
}
