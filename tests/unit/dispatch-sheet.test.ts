import { describe, expect, it } from "vitest";
import type { ParentOnBill } from "@/lib/dto/bills";
import type { SheetLine, SheetPage } from "@/lib/dto/dispatch-sheet";
import { A4_SHEET, manifestLines, paginateDispatchSheet, type SheetLayout } from "@/lib/server/bills/dispatch-pages";

const { firstPageLines: FIRST, pageLines: PAGE, closingLines: CLOSING } = A4_SHEET;

function parents(n: number, prefix = "SB"): ParentOnBill[] {
  return Array.from({ length: n }, (_, i) => ({ qr: `${prefix}${String(10001 + i)}`, type: "SB", childCount: 30, capacity: 30, partial: false }));
}

const positions = (page: SheetPage) => page.lines.flatMap((l) => (l.kind === "parent" ? [l.position] : []));
const shape = (pages: SheetPage[]) => pages.map((p) => ({ number: p.number, lines: p.lines.length, closing: p.closing }));

/** The room a page has for table lines, and what it takes. */
function checkFits(pages: SheetPage[], layout: SheetLayout = A4_SHEET) {
  pages.forEach((p, i) => {
    const room = (i === 0 ? layout.firstPageLines : layout.pageLines) - (p.closing ? layout.closingLines : 0);
    expect(p.lines.length, `page ${p.number}`).toBeLessThanOrEqual(room);
    expect(p.number).toBe(i + 1);
    expect(p.closing).toBe(i === pages.length - 1);
  });
}

describe("paginateDispatchSheet", () => {
  it("puts 42 parents on 2 A4 pages: page 1 full, the rest with totals and signatures on page 2", () => {
    const pages = paginateDispatchSheet(parents(42));
    expect(shape(pages)).toEqual([
      { number: 1, lines: FIRST, closing: false },
      { number: 2, lines: 42 - FIRST, closing: true },
    ]);
    expect(pages.flatMap(positions)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    expect(pages[0]?.lines[0]).toEqual({ kind: "parent", position: 1, parent: parents(1)[0] });
    checkFits(pages);
  });

  it("gives a bill without parents one page that says so, with its totals", () => {
    expect(paginateDispatchSheet([])).toEqual([{ number: 1, lines: [{ kind: "empty" }], closing: true }]);
  });

  it("keeps a bill on one page while its rows and the totals fit there, and turns the page one parent later", () => {
    const onePage = FIRST - CLOSING;
    expect(shape(paginateDispatchSheet(parents(onePage)))).toEqual([{ number: 1, lines: onePage, closing: true }]);
    // One more: the rows still fit on page 1, the totals and signatures go to page 2 alone.
    expect(shape(paginateDispatchSheet(parents(onePage + 1)))).toEqual([
      { number: 1, lines: onePage + 1, closing: false },
      { number: 2, lines: 0, closing: true },
    ]);
  });

  it("fills page 1 exactly and starts page 2 with the next parent", () => {
    expect(shape(paginateDispatchSheet(parents(FIRST)))).toEqual([
      { number: 1, lines: FIRST, closing: false },
      { number: 2, lines: 0, closing: true },
    ]);
    const pages = paginateDispatchSheet(parents(FIRST + 1));
    expect(shape(pages)).toEqual([
      { number: 1, lines: FIRST, closing: false },
      { number: 2, lines: 1, closing: true },
    ]);
    expect(positions(pages[1] as SheetPage)).toEqual([FIRST + 1]);
  });

  it("lays out the largest bill (500 parents) with every parent once and no page over its room", () => {
    const pages = paginateDispatchSheet(parents(500));
    checkFits(pages);
    expect(pages.flatMap(positions)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    // 20 on page 1, 14 full pages of 34, then the last 4 with the totals.
    expect(pages).toHaveLength(16);
    expect(pages.at(-1)?.lines).toHaveLength(500 - FIRST - 14 * PAGE);
  });

  it("with the child manifest, counts each parent's child lines and keeps them on the parent's page", () => {
    // Parents without children fill page 1 but for 2 lines; then a parent of 30 children: 30
    // seven-digit QRs are 3 lines, its block 4, so it moves to page 2 whole.
    const list = parents(FIRST - 1);
    const last = list[FIRST - 2];
    const qrs = Array.from({ length: 30 }, (_, c) => String(7000000 + c));
    const pages = paginateDispatchSheet(list, new Map([[last?.qr ?? "", qrs]]));
    expect(shape(pages)).toEqual([
      { number: 1, lines: FIRST - 2, closing: false },
      { number: 2, lines: 4, closing: true },
    ]);
    expect(pages[1]?.lines).toEqual([
      { kind: "parent", position: FIRST - 1, parent: last },
      { kind: "children", parentQr: last?.qr, qrs: qrs.slice(0, 10), continued: false },
      { kind: "children", parentQr: last?.qr, qrs: qrs.slice(10, 20), continued: false },
      { kind: "children", parentQr: last?.qr, qrs: qrs.slice(20), continued: false },
    ]);
    checkFits(pages);
  });

  it("with the child manifest, turns pages by lines: six full parents of 4 lines each", () => {
    const list = parents(6);
    const children = new Map(list.map((p, i) => [p.qr, Array.from({ length: 30 }, (_, c) => String(7000000 + i * 100 + c))]));
    const pages = paginateDispatchSheet(list, children);
    const perPage = Math.floor(FIRST / 4);
    expect(pages.map((p) => positions(p))).toEqual([
      Array.from({ length: perPage }, (_, i) => i + 1),
      Array.from({ length: 6 - perPage }, (_, i) => perPage + i + 1),
    ]);
    const childLines = pages.flatMap((p) => p.lines).filter((l): l is Extract<SheetLine, { kind: "children" }> => l.kind === "children");
    expect(childLines).toHaveLength(18);
    expect(childLines.slice(0, 3).flatMap((l) => l.qrs)).toEqual(children.get(list[0]?.qr ?? ""));
    checkFits(pages);
  });

  it("gives a parent without children no manifest line, and a manifest the same pages when nobody has children", () => {
    expect(paginateDispatchSheet(parents(42), new Map())).toEqual(paginateDispatchSheet(parents(42)));
  });

  it("splits a parent whose child list is longer than a page, marking the lines carried over", () => {
    const layout: SheetLayout = { firstPageLines: 4, pageLines: 6, closingLines: 2, manifestLineChars: 16 };
    const [p] = parents(1);
    // 7-digit QRs, two to a 16-character line: 14 QRs are 7 lines, the parent's block 8.
    const qrs = Array.from({ length: 14 }, (_, i) => String(7100000 + i));
    const pages = paginateDispatchSheet(p ? [p] : [], new Map([[p?.qr ?? "", qrs]]), layout);
    expect(shape(pages)).toEqual([
      { number: 1, lines: 4, closing: false },
      { number: 2, lines: 4, closing: true },
    ]);
    expect(pages[1]?.lines[0]).toEqual({ kind: "children", parentQr: p?.qr, qrs: [qrs[6], qrs[7]], continued: true });
    expect(pages[1]?.lines.slice(1).every((l) => l.kind === "children" && !l.continued)).toBe(true);
    checkFits(pages, layout);
  });
});

describe("manifestLines", () => {
  it("packs ten 7-digit labels to an 88-character line with two spaces between", () => {
    const qrs = Array.from({ length: 30 }, (_, i) => String(1000000 + i));
    const lines = manifestLines(qrs, 88);
    expect(lines.map((l) => l.length)).toEqual([10, 10, 10]);
    expect(lines.flat()).toEqual(qrs);
    expect(lines[0]?.join("  ").length).toBe(88);
  });

  it("fits fewer long labels on a line and gives one longer than a line a line of its own", () => {
    const long = "A".repeat(20);
    expect(manifestLines([long, long, long, long, long], 88).map((l) => l.length)).toEqual([4, 1]);
    expect(manifestLines(["1234567", "B".repeat(30), "7654321"], 16)).toEqual([["1234567"], ["B".repeat(30)], ["7654321"]]);
    expect(manifestLines([], 88)).toEqual([]);
  });
});
