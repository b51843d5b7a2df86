import "server-only";
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from "pdf-lib";
import QRCode from "qrcode";
import {
  darkRuns,
  formatLabelRange,
  labelCode,
  labelPageSize,
  labelSlot,
  LABEL_SERIES,
  QR_QUIET_MODULES,
  type Box,
  type LabelFormat,
  type LabelKind,
  type LabelSlot,
} from "@/lib/labels";

// A reservation's labels as a PDF (pdf-lib): each QR drawn as filled vector rectangles (one per
// run of dark modules, so it stays sharp on any printer), the code in large Helvetica Bold.

export interface LabelPdfRequest {
  kind: LabelKind;
  firstNumber: number;
  count: number;
  format: LabelFormat;
}

const YIELD_EVERY = 50;

/** A length in points, to 1/1000 (shorter content streams, no visible difference). */
const pt = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * The QR of `code` (error correction M) inside `box`, its quiet zone left blank, as content
 * stream operators: one `re` per run of dark modules and one fill. Written as text rather than
 * pdf-lib operator objects: a 1000-label PDF has some 120,000 rectangles.
 */
function qrOperators(code: string, box: Box): string {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: "M" });
  const moduleSize = box.width / (modules.size + 2 * QR_QUIET_MODULES);
  const left = box.x + QR_QUIET_MODULES * moduleSize;
  const top = box.y + box.height - QR_QUIET_MODULES * moduleSize;
  const runs = darkRuns(modules.size, (row, column) => modules.get(row, column) === 1);
  const rects = runs.map((run) => `${pt(left + run.column * moduleSize)} ${pt(top - (run.row + 1) * moduleSize)} ${pt(run.length * moduleSize)} ${pt(moduleSize)} re`);
  return `q\n0 g\n${rects.join("\n")}\nf\nQ\n`;
}

/** The code as large as fits `slot.text` (at most its maxFontSize), centred or left-aligned. */
function drawCode(page: PDFPage, code: string, slot: LabelSlot, font: PDFFont, caption: { text: string; font: PDFFont } | null): void {
  const box = slot.text;
  const size = Math.min(slot.maxFontSize, box.width / font.widthOfTextAtSize(code, 1));
  const width = font.widthOfTextAtSize(code, size);
  const capHeight = font.heightAtSize(size, { descender: false });
  const x = slot.align === "center" ? box.x + (box.width - width) / 2 : box.x;
  const y = box.y + (box.height - capHeight) / 2;
  page.drawText(code, { x, y, size, font });
  if (caption) {
    const captionSize = Math.min(6.5, box.width / caption.font.widthOfTextAtSize(caption.text, 1));
    page.drawText(caption.text, { x, y: y - captionSize - 3, size: captionSize, font: caption.font });
  }
}

/** The PDF of labels firstNumber … firstNumber + count - 1 of `kind`, laid out as `format`. */
export async function renderLabelsPdf(request: LabelPdfRequest): Promise<Uint8Array<ArrayBuffer>> {
  const { kind, firstNumber, count, format } = request;
  const doc = await PDFDocument.create();
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = format === "thermal" ? await doc.embedFont(StandardFonts.Helvetica) : null;
  const first = labelCode(kind, firstNumber);
  const last = labelCode(kind, firstNumber + count - 1);
  doc.setTitle(`TraceTrack labels ${formatLabelRange(first, last)}`);
  doc.setCreator("TraceTrack");
  doc.setSubject(`${count} ${LABEL_SERIES[kind].label} label${count === 1 ? "" : "s"}, ${format === "a4" ? "A4 sheet 3 × 8" : "thermal 50 × 25 mm"}`);
  const { width, height } = labelPageSize(format);
  const pages: { page: PDFPage; qrs: string[] }[] = [];
  for (let i = 0; i < count; i += 1) {
    // A long PDF is seconds of CPU: let other requests (scans want answers in 100 ms) run between chunks.
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const slot = labelSlot(format, i);
    const sheet = (pages[slot.page] ??= { page: doc.addPage([width, height]), qrs: [] });
    const code = labelCode(kind, firstNumber + i);
    sheet.qrs.push(qrOperators(code, slot.qr));
    drawCode(sheet.page, code, slot, bold, regular ? { text: LABEL_SERIES[kind].label, font: regular } : null);
  }
  // Each page's QR codes as one more (compressed) content stream beside its text.
  for (const { page, qrs } of pages) page.node.addContentStream(doc.context.register(doc.context.flateStream(qrs.join(""))));
  // pdf-lib writes into a plain ArrayBuffer (never a shared one); the type says so for Response bodies.
  return (await doc.save()) as Uint8Array<ArrayBuffer>;
}
