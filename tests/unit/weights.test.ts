import { describe, expect, it } from "vitest";
import { parentKindOf } from "@/lib/qr";
import { computeWeights, weighTallies } from "@/lib/weights";

describe("computeWeights", () => {
  it("reproduces the user guide: 5 SB parents with 128 children weigh 128 kg of 150 kg expected", () => {
    const parents = [30, 30, 30, 20, 18].map((childCount, i) => ({ qr: `SB0000${i + 1}`, childCount }));
    expect(computeWeights(parents)).toEqual({ actualKg: 128, expectedKg: 150, varianceKg: -22, parentCount: 5, childCount: 128 });
  });

  it("expects 30 kg per SB parent and 15 kg per M444 parent", () => {
    const w = computeWeights([
      { qr: "SB12345", childCount: 30 },
      { qr: "M444-00001", childCount: 15 },
      { qr: "M444-00002", childCount: 10 },
    ]);
    expect(w).toEqual({ actualKg: 55, expectedKg: 60, varianceKg: -5, parentCount: 3, childCount: 55 });
  });

  it("weighs a bill of only M444 parents, full ones with zero variance", () => {
    expect(computeWeights([{ qr: "M444-12345", childCount: 15 }, { qr: "M444-12346", childCount: 15 }])).toEqual({
      actualKg: 30,
      expectedKg: 30,
      varianceKg: 0,
      parentCount: 2,
      childCount: 30,
    });
  });

  it("weighs an empty bill as zero everywhere", () => {
    expect(computeWeights([])).toEqual({ actualKg: 0, expectedKg: 0, varianceKg: 0, parentCount: 0, childCount: 0 });
  });

  it("counts an empty parent at its full expected weight", () => {
    expect(computeWeights([{ qr: "SB00001", childCount: 0 }])).toMatchObject({ actualKg: 0, expectedKg: 30, varianceKg: -30 });
  });

  it("tells the kind from the label in any case", () => {
    expect(parentKindOf("m444-00001")).toBe("M444");
    expect(parentKindOf("SB00001")).toBe("SB");
  });

  it("gives the same answer from per-kind tallies as from the parents themselves", () => {
    const parents = [
      { qr: "SB00001", childCount: 30 },
      { qr: "SB00002", childCount: 7 },
      { qr: "M444-00003", childCount: 15 },
      { qr: "M444-00004", childCount: 2 },
      { qr: "M444-00005", childCount: 0 },
    ];
    const tallied = weighTallies([
      { kind: "SB", parentCount: 2, childCount: 37 },
      { kind: "M444", parentCount: 3, childCount: 17 },
    ]);
    expect(tallied).toEqual(computeWeights(parents));
    expect(tallied).toEqual({ actualKg: 54, expectedKg: 105, varianceKg: -51, parentCount: 5, childCount: 54 });
  });
});
