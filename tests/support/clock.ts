import { vi } from "vitest";

/**
 * Rate limits count in one-minute sliding windows, which weigh the previous minute down as the
 * next one goes on: a test spending a budget across a minute's edge would see it leak. This holds
 * `Date` (only: timers still run) 1 s into the current minute so no test straddles two; undo it
 * with vi.useRealTimers().
 */
export function holdClockAtMinuteStart(): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Math.floor(Date.now() / 60_000) * 60_000 + 1000);
}
