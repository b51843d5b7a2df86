import { describe, expect, it } from "vitest";
import { formatApproxNumber, formatBagCount } from "@/components/bags/bag-count";
import { listQuery } from "@/lib/routes";
import { parseBagListFilters, readBagListFilters } from "@/lib/schemas/bags";
import { istDay, istDayBounds } from "@/lib/time";

describe("istDayBounds", () => {
  it("maps an IST calendar day to its UTC start and exclusive end", () => {
    expect(istDayBounds("2025-03-31")).toEqual({
      start: new Date("2025-03-30T18:30:00.000Z"),
      end: new Date("2025-03-31T18:30:00.000Z"),
    });
  });
  it.each(["2025-02-30", "2025-13-01", "31-03-2025", "", "2025-3-1"])("refuses %j", (day) => {
    expect(istDayBounds(day)).toBeNull();
  });
  it("names the IST day of an instant", () => {
    expect(istDay(new Date("2025-03-30T18:29:59Z"))).toBe("2025-03-30");
    expect(istDay(new Date("2025-03-30T18:30:00Z"))).toBe("2025-03-31");
  });
});

describe("parseBagListFilters", () => {
  it("keeps valid filters and normalizes the QR prefix", () => {
    expect(
      parseBagListFilters({ q: " sb0 ", type: "parent", area: "lucknow", from: "2025-01-01", linked: "linked", user: " Dispatcher " }),
    ).toEqual({ q: "SB0", type: "parent", area: "lucknow", from: "2025-01-01", linked: "linked", user: "Dispatcher" });
  });
  it("drops unknown or hostile values instead of failing", () => {
    expect(parseBagListFilters({ type: "admin", area: "mumbai", from: "yesterday", q: "%_'", after: "1' or 1=1", linked: ["x", "y"] })).toEqual({});
  });
  it("decodes a keyset cursor to the microsecond", () => {
    expect(parseBagListFilters({ after: "2025-01-01T10:00:00.123456Z_42" }).after).toEqual({ createdAt: "2025-01-01T10:00:00.123456Z", id: 42 });
  });
  it("builds next-page links that keep the filters", () => {
    expect(listQuery({ type: "child", q: "100" }, "2025-01-01T10:00:00.123456Z_42")).toBe(
      "?type=child&q=100&after=2025-01-01T10%3A00%3A00.123456Z_42",
    );
    expect(listQuery({})).toBe("");
  });
});

describe("bag list dates and count", () => {
  it("refuses a from date after the to date, leaving both dates out and keeping the other filters", () => {
    expect(readBagListFilters({ from: "2025-04-03", to: "2025-04-02", type: "child" })).toEqual({
      filters: { type: "child" },
      problems: ["The from date is after the to date."],
    });
  });
  it("accepts one day as both from and to", () => {
    expect(readBagListFilters({ from: "2025-04-02", to: "2025-04-02" })).toEqual({ filters: { from: "2025-04-02", to: "2025-04-02" }, problems: [] });
  });
  it("says why each filter was left out when the user filter and the dates are both wrong", () => {
    const { filters, problems } = readBagListFilters({ from: "2025-04-03", to: "2025-04-02", user: "a\u0000b", q: "SB1" });
    expect(filters).toEqual({ q: "SB1" });
    expect(problems).toHaveLength(2);
    expect(problems).toContain("The from date is after the to date.");
  });
  it("decodes a before cursor like an after cursor", () => {
    expect(parseBagListFilters({ before: "2025-01-01T10:00:00.123456Z_42" }).before).toEqual({ createdAt: "2025-01-01T10:00:00.123456Z", id: 42 });
    expect(parseBagListFilters({ before: "x" })).toEqual({});
  });
  it("says large counts in lakh and crore, the Indian way", () => {
    expect(formatApproxNumber(180_432)).toBe("1.8 lakh");
    expect(formatApproxNumber(2_000_000)).toBe("20 lakh");
    expect(formatApproxNumber(23_456_789)).toBe("2.3 crore");
    expect(formatApproxNumber(12_345)).toBe("12,000");
    expect(formatBagCount({ kind: "about", n: 180_432 })).toBe("about 1.8 lakh bags");
    expect(formatBagCount({ kind: "more_than", n: 10_000 })).toBe("more than 10,000 bags");
    expect(formatBagCount({ kind: "exact", n: 123_456 })).toBe("1,23,456 bags");
    expect(formatBagCount({ kind: "exact", n: 1 })).toBe("1 bag");
  });
});
