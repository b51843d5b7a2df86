import { describe, expect, it } from "vitest";
import { describeReason, formatDayLabel } from "@/components/analytics/format";
import { CHART_DAYS, chartDays, chartRange } from "@/lib/server/analytics/days";

describe("the analytics chart's days", () => {
  it("are the 14 IST days ending with today's, oldest first", () => {
    const days = chartDays(new Date("2026-06-30T12:00:00Z"));
    expect(days).toHaveLength(CHART_DAYS);
    expect([days[0], days[13]]).toEqual(["2026-06-17", "2026-06-30"]);
    expect(new Set(days).size).toBe(CHART_DAYS);
  });

  it("turn over at IST midnight (18:30 UTC), not UTC midnight", () => {
    expect(chartDays(new Date("2026-06-30T18:29:59Z")).at(-1)).toBe("2026-06-30");
    expect(chartDays(new Date("2026-06-30T18:30:00Z")).at(-1)).toBe("2026-07-01");
  });

  it("cross a month and a year end without a gap", () => {
    const days = chartDays(new Date("2027-01-05T06:00:00Z"));
    expect(days.slice(0, 3)).toEqual(["2026-12-23", "2026-12-24", "2026-12-25"]);
    expect(days.at(-1)).toBe("2027-01-05");
  });

  it("cover the instants from the first day's IST midnight to the end of the last", () => {
    expect(chartRange(chartDays(new Date("2026-06-30T12:00:00Z")))).toEqual({
      start: new Date("2026-06-16T18:30:00Z"),
      end: new Date("2026-06-30T18:30:00Z"),
    });
  });
});

describe("the analytics labels", () => {
  it("say how a sign-in got in or why it was refused", () => {
    expect(describeReason("backup_code")).toBe("Password + backup code");
    expect(describeReason("bad_password")).toBe("Wrong password");
    expect(describeReason("something_new")).toBe("something new");
  });

  it("show an IST day as day and month", () => {
    expect(formatDayLabel("2026-06-30")).toBe("30 Jun");
  });
});
