import type { ParentOnBill } from "@/lib/dto/bills";
import type { SheetLine, SheetPage } from "@/lib/dto/dispatch-sheet";

// Pure: how a dispatch sheet's lines fall onto A4 pages. Every line of the parent table is one
// fixed height (components/bills/dispatch-sheet.tsx: SHEET_LINE_HEIGHT), so counting lines is
// counting space, and "Page X of Y" is known before anything is printed.

export interface SheetLayout {
  /** Table lines on page 1, below the company header, QR code, bill facts and driver lines. */
  firstPageLines: number;
  /** Table lines on every later page (only a one-line running header above). */
  pageLines: number;
  /** Lines the totals and signature block takes on the last page. */
  closingLines: number;
  /** Characters of child QRs (with a two-space gap between) on one manifest line. */
  manifestLineChars: number;
}

/**
 * A4 portrait inside the 12 mm print margins (a 271 mm page block) with 6.5 mm lines, measured
 * in Chromium: page 1's header, facts and driver lines take 95–125 mm (address, GSTIN, a two-line
 * customer and description), so 20 lines fit with room for a long bill number; a later page's
 * header and footer 28 mm (34 of 37 used); the totals and signatures 53 mm (9 lines). Ten
 * seven-digit child QRs fill an 88-character manifest line of 10 px monospace.
 */
export const A4_SHEET: SheetLayout = { firstPageLines: 20, pageLines: 34, closingLines: 9, manifestLineChars: 88 };

/** Child QRs packed into lines of at most `lineChars` characters (a longer QR has a line of its own). */
export function manifestLines(qrs: readonly string[], lineChars: number): string[][] {
  const lines: string[][] = [];
  let line: string[] = [];
  let width = 0;
  for (const qr of qrs) {
    const needed = line.length === 0 ? qr.length : width + 2 + qr.length;
    if (line.length > 0 && needed > lineChars) {
      lines.push(line);
      line = [];
      width = 0;
    }
    width = line.length === 0 ? qr.length : width + 2 + qr.length;
    line.push(qr);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

type Block = SheetLine[];

function blocksOf(parents: readonly ParentOnBill[], children: ReadonlyMap<string, readonly string[]> | undefined, layout: SheetLayout): Block[] {
  if (parents.length === 0) return [[{ kind: "empty" }]];
  return parents.map((parent, i) => [
    { kind: "parent", position: i + 1, parent },
    ...manifestLines(children?.get(parent.qr) ?? [], layout.manifestLineChars).map(
      (qrs): SheetLine => ({ kind: "children", parentQr: parent.qr, qrs, continued: false }),
    ),
  ]);
}

/**
 * The sheet's pages, parents in the order given (loading order). With `children` (the child
 * manifest) each parent is followed by its child QR lines and kept on one page with them when
 * they fit on a page at all. The last page has room for the totals and signatures, even if that
 * takes a page of its own.
 */
export function paginateDispatchSheet(
  parents: readonly ParentOnBill[],
  children?: ReadonlyMap<string, readonly string[]>,
  layout: SheetLayout = A4_SHEET,
): SheetPage[] {
  const pages: SheetPage[] = [];
  let lines: SheetLine[] = [];
  let room = layout.firstPageLines;
  const turnPage = () => {
    pages.push({ number: pages.length + 1, lines, closing: false });
    lines = [];
    room = layout.pageLines;
  };

  for (const block of blocksOf(parents, children, layout)) {
    if (block.length > room && block.length <= layout.pageLines && lines.length > 0) turnPage();
    for (const line of block) {
      if (room === 0) turnPage();
      lines.push(line.kind === "children" && lines.length === 0 ? { ...line, continued: true } : line);
      room -= 1;
    }
  }
  if (room < layout.closingLines) turnPage();
  pages.push({ number: pages.length + 1, lines, closing: true });
  return pages;
}
