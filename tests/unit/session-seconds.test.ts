import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/server/env";
import { planSession } from "@/lib/session-timer";

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
}

describe("session limits in seconds", () => {
  it("defaults to 30 minutes idle and 60 in total, in minutes and in ms", () => {
    const env = parseEnv({});
    expect([env.SESSION_IDLE_MINUTES, env.SESSION_ABSOLUTE_MINUTES]).toEqual([30, 60]);
    expect([env.sessionIdleMs, env.sessionAbsoluteMs]).toEqual([30 * 60_000, 60 * 60_000]);
  });

  it("reads SESSION_IDLE_SECONDS and SESSION_ABSOLUTE_SECONDS, and the minute variables as before", () => {
    const seconds = parseEnv({ SESSION_IDLE_SECONDS: "15", SESSION_ABSOLUTE_SECONDS: "300" });
    expect([seconds.sessionIdleMs, seconds.sessionAbsoluteMs]).toEqual([15_000, 300_000]);
    expect([seconds.SESSION_IDLE_MINUTES, seconds.SESSION_ABSOLUTE_MINUTES]).toEqual([0.25, 5]);
    const minutes = parseEnv({ SESSION_IDLE_MINUTES: "1", SESSION_ABSOLUTE_MINUTES: "5" });
    expect([minutes.sessionIdleMs, minutes.sessionAbsoluteMs]).toEqual([60_000, 300_000]);
    const mixed = parseEnv({ SESSION_IDLE_SECONDS: "90", SESSION_ABSOLUTE_MINUTES: "2" });
    expect([mixed.sessionIdleMs, mixed.sessionAbsoluteMs]).toEqual([90_000, 120_000]);
  });

  it("treats an empty variable as unset", () => {
    expect(parseEnv({ SESSION_IDLE_MINUTES: "", SESSION_IDLE_SECONDS: "20" }).sessionIdleMs).toBe(20_000);
  });

  it("refuses one limit set in both units, naming both", () => {
    expect(problems({ SESSION_IDLE_SECONDS: "20", SESSION_IDLE_MINUTES: "1" })).toEqual(["SESSION_IDLE_SECONDS conflicts with SESSION_IDLE_MINUTES: set one of them"]);
    expect(problems({ SESSION_ABSOLUTE_SECONDS: "600", SESSION_ABSOLUTE_MINUTES: "10" })).toEqual([
      "SESSION_ABSOLUTE_SECONDS conflicts with SESSION_ABSOLUTE_MINUTES: set one of them",
    ]);
  });

  it("refuses limits under 10 seconds or not whole", () => {
    expect(problems({ SESSION_IDLE_SECONDS: "5" }).map((p) => p.split(" ")[0])).toEqual(["SESSION_IDLE_SECONDS"]);
    expect(problems({ SESSION_ABSOLUTE_SECONDS: "12.5" }).map((p) => p.split(" ")[0])).toEqual(["SESSION_ABSOLUTE_SECONDS"]);
  });

  it("refuses an idle limit past the absolute one, naming the variables that set them", () => {
    expect(problems({ SESSION_IDLE_SECONDS: "120", SESSION_ABSOLUTE_SECONDS: "60" })).toEqual(["SESSION_IDLE_SECONDS must not exceed SESSION_ABSOLUTE_SECONDS"]);
    expect(problems({ SESSION_ABSOLUTE_SECONDS: "60" })).toEqual(["SESSION_IDLE_MINUTES must not exceed SESSION_ABSOLUTE_SECONDS (it defaults to 30 minutes)"]);
  });

  it("warns half-way through a 15-second idle limit, and about the absolute limit when that comes first", () => {
    expect(planSession({ idleRemainingMs: 15_000, absoluteRemainingMs: 300_000 }, 15_000)).toEqual({ endsInMs: 15_000, warnInMs: 7_500, reason: "idle" });
    expect(planSession({ idleRemainingMs: 15_000, absoluteRemainingMs: 12_000 }, 15_000)).toEqual({ endsInMs: 12_000, warnInMs: 4_500, reason: "absolute" });
  });
});
