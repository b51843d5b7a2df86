import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSessionWatcher, formatCountdown, planSession, WARNING_LEAD_MS, type SessionStatus, type SessionView } from "@/lib/session-timer";

const MIN = 60_000;

describe("planSession", () => {
  it("warns three minutes before an idle timeout", () => {
    expect(planSession({ idleRemainingMs: 30 * MIN, absoluteRemainingMs: 50 * MIN }, 30 * MIN)).toEqual({
      endsInMs: 30 * MIN,
      warnInMs: 30 * MIN - WARNING_LEAD_MS,
      reason: "idle",
    });
  });

  it("warns about the absolute limit when it comes first, which activity cannot move", () => {
    expect(planSession({ idleRemainingMs: 30 * MIN, absoluteRemainingMs: 10 * MIN }, 30 * MIN)).toMatchObject({ endsInMs: 10 * MIN, reason: "absolute" });
  });

  it("warns at once inside the last three minutes, and half-way through a very short idle timeout", () => {
    expect(planSession({ idleRemainingMs: 2 * MIN, absoluteRemainingMs: 40 * MIN }, 30 * MIN).warnInMs).toBe(0);
    expect(planSession({ idleRemainingMs: 2 * MIN, absoluteRemainingMs: 40 * MIN }, 2 * MIN).warnInMs).toBe(MIN);
  });

  it("formats the countdown as m:ss", () => {
    expect(formatCountdown(125_000)).toBe("2:05");
    expect(formatCountdown(-5)).toBe("0:00");
  });
});

describe("the session watcher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function watch(answers: (SessionStatus | null)[]) {
    const views: SessionView[] = [];
    const ended = vi.fn();
    const fetchStatus = vi.fn(async () => (answers.length > 1 ? answers.shift() : answers[0]) ?? null);
    const watcher = createSessionWatcher({ idleMs: 30 * MIN, fetchStatus, onView: (v) => views.push(v), onEnd: ended });
    return { watcher, views, ended, fetchStatus };
  }

  it("asks the server again before warning, and stays quiet when activity slid the expiry", async () => {
    const { watcher, views, fetchStatus } = watch([{ idleRemainingMs: 30 * MIN, absoluteRemainingMs: 60 * MIN }]);
    watcher.start({ idleRemainingMs: 10 * MIN, absoluteRemainingMs: 60 * MIN });
    await vi.advanceTimersByTimeAsync(0);
    expect(views.at(-1)?.phase).toBe("quiet");
    await vi.advanceTimersByTimeAsync(7 * MIN);
    expect(fetchStatus).toHaveBeenCalledTimes(1);
    expect(views.at(-1)?.phase).toBe("quiet");
    watcher.stop();
  });

  it("shows the warning when the server confirms the end is near, and ends when it says so", async () => {
    const { watcher, views, ended } = watch([{ idleRemainingMs: 3 * MIN, absoluteRemainingMs: 60 * MIN }, null]);
    watcher.start({ idleRemainingMs: 10 * MIN, absoluteRemainingMs: 60 * MIN });
    await vi.advanceTimersByTimeAsync(7 * MIN);
    expect(views.at(-1)).toMatchObject({ phase: "warning", reason: "idle" });
    await vi.advanceTimersByTimeAsync(3 * MIN + 1000);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it("follows 'stay signed in' back to quiet", async () => {
    const { watcher, views } = watch([{ idleRemainingMs: 2 * MIN, absoluteRemainingMs: 60 * MIN }]);
    watcher.start({ idleRemainingMs: 2 * MIN, absoluteRemainingMs: 60 * MIN });
    await vi.advanceTimersByTimeAsync(0);
    expect(views.at(-1)?.phase).toBe("warning");
    await watcher.extend(async () => ({ idleRemainingMs: 30 * MIN, absoluteRemainingMs: 58 * MIN }));
    expect(views.at(-1)?.phase).toBe("quiet");
    watcher.stop();
  });

  it("keeps the session when the server cannot be reached, and asks again later", async () => {
    const views: SessionView[] = [];
    const ended = vi.fn();
    const fetchStatus = vi.fn().mockRejectedValueOnce(new Error("offline")).mockResolvedValue({ idleRemainingMs: 20 * MIN, absoluteRemainingMs: 40 * MIN });
    const watcher = createSessionWatcher({ idleMs: 30 * MIN, fetchStatus, onView: (v) => views.push(v), onEnd: ended });
    watcher.start({ idleRemainingMs: 4 * MIN, absoluteRemainingMs: 40 * MIN });
    await vi.advanceTimersByTimeAsync(MIN + 16_000);
    expect(fetchStatus).toHaveBeenCalledTimes(2);
    expect(ended).not.toHaveBeenCalled();
    expect(views.at(-1)?.phase).toBe("quiet");
    watcher.stop();
  });
});
