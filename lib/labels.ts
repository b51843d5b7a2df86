// Printed QR labels (issue 18): the series that can be reserved, the code each number prints as,
// and where labels sit on a page. Pure: the page, the PDF renderer and the tests share it.

/** The label series: SB and M444 parents (5 digits) and 7-digit child labels (db/schema/floor.ts). */
export const LABEL_KINDS = ["SB", "M444", "child"] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

export interface LabelSeries {
  /** What is printed before the number. */
  prefix: string;
  digits: number;
  /** The highest number of the series (all nines). */
  max: number;
  /** The exact pattern of a code of the series (uppercase), as a bag's QR in the database. */
  pattern: RegExp;
  /** What the printed PDF says under a code: "SB parent (mustard)" (screens say labels.series.<kind>). */
  label: string;
}

export const LABEL_SERIES: Record<LabelKind, LabelSeries> = {
  SB: { prefix: "SB", digits: 5, max: 99_999, pattern: /^SB[0-9]{5}$/, label: "SB parent (mustard)" },
  M444: { prefix: "M444-", digits: 5, max: 99_999, pattern: /^M444-[0-9]{5}$/, label: "M444 parent (moong)" },
  child: { prefix: "", digits: 7, max: 9_999_999, pattern: /^[0-9]{7}$/, label: "Child (7 digits)" },
};

export const LABEL_COUNT_MAX = 1000;
export const LABEL_NOTE_MAX = 200;

/** "SB00001", "M444-00042", "0001234": the code number `n` of the series prints as. */
export function labelCode(kind: LabelKind, n: number): string {
  const series = LABEL_SERIES[kind];
  if (!Number.isSafeInteger(n) || n < 1 || n > series.max) throw new RangeError(`${kind} label number out of range: ${n}`);
  return `${series.prefix}${String(n).padStart(series.digits, "0")}`;
}

/** The number a code of the series carries, or null when the code is not one of it. */
export function labelNumber(kind: LabelKind, code: string): number | null {
  const upper = code.trim().toUpperCase();
  if (!LABEL_SERIES[kind].pattern.test(upper)) return null;
  const n = Number(upper.slice(LABEL_SERIES[kind].prefix.length));
  return n >= 1 ? n : null;
}

/** The first and last code of `count` labels from `firstNumber`. */
export function labelRange(kind: LabelKind, firstNumber: number, count: number): { first: string; last: string } {
  return { first: labelCode(kind, firstNumber), last: labelCode(kind, firstNumber + count - 1) };
}

/** "SB00001–SB00024" (one code when the range holds one label). */
export function formatLabelRange(first: string, last: string): string {
  return first === last ? first : `${first}–${last}`;
}

// ---- page layouts (PDF points: 1/72 inch, origin at the page's bottom left) ----------------

export const LABEL_FORMATS = ["a4", "thermal"] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

export const MM = 72 / 25.4;

/** A rectangle on a page: (x, y) is its bottom-left corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where one label goes: its page (0-based), the QR's square (quiet zone included) and the code's line. */
export interface LabelSlot {
  page: number;
  cell: Box;
  qr: Box;
  /** The box the code is fitted into (centred in it, at most `maxFontSize`). */
  text: Box;
  maxFontSize: number;
  /** "center" on the A4 sheet (under the QR); "left" on thermal (beside it). */
  align: "center" | "left";
}

/** A4 portrait, 3 columns × 8 rows of 64.7 × 34.6 mm labels inside 8 mm / 10 mm margins. */
export const A4_SHEET = {
  pageWidth: 210 * MM,
  pageHeight: 297 * MM,
  columns: 3,
  rows: 8,
  marginX: 8 * MM,
  marginY: 10 * MM,
  padding: 2 * MM,
  textHeight: 6 * MM,
  maxFontSize: 18,
} as const;
export const A4_PER_PAGE = A4_SHEET.columns * A4_SHEET.rows;

/** A 50 × 25 mm roll label: the QR on the left, the code on the right. */
export const THERMAL_LABEL = {
  pageWidth: 50 * MM,
  pageHeight: 25 * MM,
  padding: 1.5 * MM,
  gap: 1.5 * MM,
  maxFontSize: 14,
} as const;

export const LABELS_PER_PAGE: Record<LabelFormat, number> = { a4: A4_PER_PAGE, thermal: 1 };

/** Pages a PDF of `count` labels has in `format`. */
export function labelPageCount(format: LabelFormat, count: number): number {
  return Math.ceil(Math.max(0, count) / LABELS_PER_PAGE[format]);
}

/** The page size of `format`, in points. */
export function labelPageSize(format: LabelFormat): { width: number; height: number } {
  const spec = format === "a4" ? A4_SHEET : THERMAL_LABEL;
  return { width: spec.pageWidth, height: spec.pageHeight };
}

/** Label `index` (0-based) of a PDF in `format`: page, cell, QR square and code line. */
export function labelSlot(format: LabelFormat, index: number): LabelSlot {
  return format === "a4" ? a4Slot(index) : thermalSlot(index);
}

function a4Slot(index: number): LabelSlot {
  const s = A4_SHEET;
  const page = Math.floor(index / A4_PER_PAGE);
  const onPage = index % A4_PER_PAGE;
  const column = onPage % s.columns;
  const row = Math.floor(onPage / s.columns);
  const width = (s.pageWidth - 2 * s.marginX) / s.columns;
  const height = (s.pageHeight - 2 * s.marginY) / s.rows;
  // Rows run from the top of the sheet down, as a label sheet is read.
  const cell = { x: s.marginX + column * width, y: s.pageHeight - s.marginY - (row + 1) * height, width, height };
  const side = height - 2 * s.padding - s.textHeight;
  const qr = { x: cell.x + (width - side) / 2, y: cell.y + s.padding + s.textHeight, width: side, height: side };
  const text = { x: cell.x + s.padding, y: cell.y + s.padding, width: width - 2 * s.padding, height: s.textHeight };
  return { page, cell, qr, text, maxFontSize: s.maxFontSize, align: "center" };
}

function thermalSlot(index: number): LabelSlot {
  const t = THERMAL_LABEL;
  const cell = { x: 0, y: 0, width: t.pageWidth, height: t.pageHeight };
  const side = t.pageHeight - 2 * t.padding;
  const qr = { x: t.padding, y: t.padding, width: side, height: side };
  const textX = qr.x + side + t.gap;
  const text = { x: textX, y: t.padding, width: t.pageWidth - textX - t.padding, height: side };
  return { page: index, cell, qr, text, maxFontSize: t.maxFontSize, align: "left" };
}

/** Modules of quiet zone around a QR (ISO/IEC 18004 asks for 4). */
export const QR_QUIET_MODULES = 4;

/** One horizontal run of dark modules in a QR matrix row. */
export interface ModuleRun {
  row: number;
  column: number;
  length: number;
}

/**
 * A QR matrix (`size` × `size`, `dark(row, column)`) as runs of adjacent dark modules per row:
 * one filled rectangle per run keeps a 1000-label PDF small.
 */
export function darkRuns(size: number, dark: (row: number, column: number) => boolean): ModuleRun[] {
  const runs: ModuleRun[] = [];
  for (let row = 0; row < size; row += 1) {
    let start = -1;
    for (let column = 0; column <= size; column += 1) {
      const on = column < size && dark(row, column);
      if (on && start < 0) start = column;
      if (!on && start >= 0) {
        runs.push({ row, column: start, length: column - start });
        start = -1;
      }
    }
  }
  return runs;
}

/** The download name of a reservation's PDF: "labels-SB00001-SB00024-a4.pdf". */
export function labelPdfFilename(first: string, last: string, format: LabelFormat): string {
  return `labels-${first}-${last}-${format}.pdf`;
}

/** The PDF's address for a reservation: /api/labels/12/pdf?format=a4 */
export function labelPdfHref(id: number, format: LabelFormat): string {
  return `/api/labels/${id}/pdf?format=${format}`;
}
