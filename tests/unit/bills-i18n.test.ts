import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { formatBagCount } from "@/components/bags/bag-count";
import { formatBagStatus, formatBagType, formatSeal } from "@/components/bags/bag-labels";
import type { BagWords } from "@/components/bags/bag-words";
import { loadCheckCountsText, loadCheckSummaryText, type LoadCheckWords } from "@/components/load-check/load-check-format";
import { initialLoadCheck, loadCheckReducer } from "@/components/load-check/load-check-state";
import { MESSAGES } from "@/i18n/messages";
import { billOutcomeLabels, initialBillStation, reduceBillStation, routeBillScan, type BillWords } from "@/lib/bill-station";
import type { BillCounts } from "@/lib/dto/bills";
import type { Words } from "@/lib/station";

// Issue 19: the bill station, the load check and the bag list's pure wording speak the reader's
// language when given its translator (English stays their default: their own tests read it).

const hi = <T>(namespace?: string) => createTranslator({ locale: "hi", messages: MESSAGES.hi, namespace: namespace as never }) as unknown as T;
const DEVANAGARI = /[\u0900-\u097F]/;
const counts: BillCounts = { billNumber: "B-7", status: "processing", linkedCount: 1, capacity: 2, childCount: 30, actualWeightKg: 30, expectedWeightKg: 60, varianceKg: -30 };

describe("in Hindi", () => {
  it("the bill station says what it did, with the label and the count", () => {
    const t = hi<BillWords>("bills");
    const start = initialBillStation({ counts, completedAt: null, parents: [] }, t);
    expect(start.feedback.message).toMatch(DEVANAGARI);
    expect(start.feedback.message).toContain("B-7");
    const added = reduceBillStation(
      start,
      { kind: "add", qr: "SB00002", outcome: { ok: true, result: "added", ...counts, linkedCount: 2, parent: { qr: "SB00002", type: "SB", childCount: 12, capacity: 30, partial: true } }, at: 0, by: "biller" },
      t,
    );
    expect(added.feedback).toMatchObject({ state: "complete", message: expect.stringMatching(DEVANAGARI) });
    expect(added.feedback.message).toContain("SB00002");
    expect(added.feedback.message).toContain("2/2");
    expect(added.history[0]?.message).toBe(added.feedback.message);
    const child = routeBillScan("1000004", t, hi<Words>());
    expect(child).toMatchObject({ kind: "local_error", message: expect.stringMatching(DEVANAGARI) });
    const invalid = routeBillScan("SB12", t, hi<Words>());
    expect(invalid).toMatchObject({ kind: "local_error", message: expect.stringMatching(DEVANAGARI) });
    expect(Object.values(billOutcomeLabels(t)).every((label) => DEVANAGARI.test(label))).toBe(true);
  });

  it("the load check answers each scan and counts", () => {
    const t = hi<LoadCheckWords>("loadCheck");
    const reduce = loadCheckReducer(t);
    const start = initialLoadCheck("INV-1", ["SB00001", "SB00002"], t);
    expect(start.feedback.message).toMatch(DEVANAGARI);
    const one = reduce(start, { kind: "answer", result: { qr: "SB00001", verdict: "matched", otherBillNumber: null, known: true } });
    const other = reduce(one, { kind: "answer", result: { qr: "SB00009", verdict: "other_bill", otherBillNumber: "INV-2", known: true } });
    const again = reduce(other, { kind: "duplicate", qr: "SB00001" });
    for (const s of [one, other, again]) expect(s.feedback.message).toMatch(DEVANAGARI);
    expect(other.feedback.message).toContain("INV-2");
    const summary = { id: 1, createdAt: new Date("2026-03-12T08:32:00Z"), checkedBy: "biller", expected: 30, matched: 29, missing: 1, extra: 1, otherBill: 1 };
    expect(loadCheckCountsText(summary, t)).toMatch(DEVANAGARI);
    expect(loadCheckSummaryText(summary, "hi", t)).toMatch(/मार्च 2026/);
  });

  it("the bag list counts in lakh and crore and names bags' kinds and states", () => {
    const t = hi<BagWords>("bags");
    expect(formatBagCount({ kind: "exact", n: 123_456 }, "hi", t)).toBe("1,23,456 बैग");
    expect(formatBagCount({ kind: "about", n: 23_456_789 }, "hi", t)).toBe("लगभग 2.3 करोड़ बैग");
    expect(formatBagType("parent", "M444-00001", t)).toBe("पैरेंट · M444");
    expect(formatBagStatus("child", "pending", "SB00001", false, t)).toMatch(DEVANAGARI);
    expect(formatSeal({ at: new Date("2026-11-30T04:32:00Z"), by: null, reason: "कम माल" }, 12, 30, "hi", t)).toMatch(/^30 में से 12 पर बंद किया — कम माल, मिटाया गया यूज़र द्वारा, 30 नव॰ 2026, 10:02 IST$/);
  });
});
