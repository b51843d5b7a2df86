import { describe, expect, it } from "vitest";
import { diffSnapshots } from "@/lib/audit-diff";

describe("diffSnapshots", () => {
  it("lists every field of either side and marks the changed ones", () => {
    expect(diffSnapshots({ capacity: 2, customer: "A", status: "new" }, { capacity: 3, customer: "A", completedAt: "2025-01-01" })).toEqual([
      { key: "capacity", before: "2", after: "3", changed: true },
      { key: "customer", before: "A", after: "A", changed: false },
      { key: "status", before: "new", after: null, changed: true },
      { key: "completedAt", before: null, after: "2025-01-01", changed: true },
    ]);
  });

  it("handles a creation (no before), nested values and plain values", () => {
    expect(diffSnapshots(null, { area: { name: "x" } })).toEqual([{ key: "area", before: null, after: '{"name":"x"}', changed: true }]);
    expect(diffSnapshots(1, 2)).toEqual([{ key: "value", before: "1", after: "2", changed: true }]);
    expect(diffSnapshots(null, null)).toEqual([]);
  });
});
