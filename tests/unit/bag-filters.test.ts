import { describe, expect, it } from "vitest";
import { listQuery } from "@/lib/routes";
import { parseBagListFilters } from "@/lib/schemas/bags";
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
