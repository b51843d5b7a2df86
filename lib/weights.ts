import { CHILD_WEIGHT_KG, PARENT_SPECS, parentKindOf, type ParentKind } from "./qr";

/** A parent bag as weights see it: its label (SB… or M444-…) and how many children it holds. */
export interface WeighedParent {
  qr: string;
  childCount: number;
}

/** Parents of one kind counted in SQL (lists and reports), so no parent rows travel. */
export interface ParentTally {
  kind: ParentKind;
  parentCount: number;
  childCount: number;
}

export interface Weights {
  /** 1 kg per child bag in the parents. */
  actualKg: number;
  /** Σ over the parents of their type's full weight: 30 kg (SB) or 15 kg (M444). */
  expectedKg: number;
  /** actual − expected: negative when parents are short of children. */
  varianceKg: number;
  parentCount: number;
  childCount: number;
}

/**
 * The one weight formula for bills (DESIGN §3 "Weights"). Always fed with the bill's linked
 * parents as they are now, never with a stored weight, so no code path can drift from it.
 */
export function computeWeights(parents: readonly WeighedParent[]): Weights {
  const tallies: Record<ParentKind, ParentTally> = {
    SB: { kind: "SB", parentCount: 0, childCount: 0 },
    M444: { kind: "M444", parentCount: 0, childCount: 0 },
  };
  for (const parent of parents) {
    const tally = tallies[parentKindOf(parent.qr)];
    tally.parentCount += 1;
    tally.childCount += parent.childCount;
  }
  return weighTallies([tallies.SB, tallies.M444]);
}

/** computeWeights for parents already counted per kind; computeWeights itself goes through here. */
export function weighTallies(tallies: readonly ParentTally[]): Weights {
  let parentCount = 0;
  let childCount = 0;
  let expectedKg = 0;
  for (const t of tallies) {
    parentCount += t.parentCount;
    childCount += t.childCount;
    expectedKg += t.parentCount * PARENT_SPECS[t.kind].expectedWeightKg;
  }
  const actualKg = childCount * CHILD_WEIGHT_KG;
  return { actualKg, expectedKg, varianceKg: actualKg - expectedKg, parentCount, childCount };
}
