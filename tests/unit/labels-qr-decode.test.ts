import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from "@zxing/library";
import { inflateSync } from "node:zlib";
import { PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFPage } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { labelCode, labelPageCount, labelPageSize, labelSlot, QR_QUIET_MODULES, type Box, type LabelFormat, type LabelKind } from "@/lib/labels";
import { renderLabelsPdf } from "@/lib/server/labels/pdf";

// The label test: render a label PDF with the real renderer, read it back as a printer
// would (the page's content stream, decompressed), rasterise the rectangles drawn for a QR into
// a bitmap, and decode it with @zxing/library: it must say the label's code.

/** The page's content stream(s) as text, Flate-decoded where compressed. */
function contentOf(doc: PDFDocument, page: PDFPage): string {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
  return streams
    .map((stream) => {
      if (!(stream instanceof PDFRawStream)) throw new Error(`unexpected content stream ${String(stream)}`);
      const filter = stream.dict.get(PDFName.of("Filter"));
      if (filter !== undefined && filter !== PDFName.of("FlateDecode")) throw new Error(`unexpected filter ${String(filter)}`);
      return Buffer.from(filter ? inflateSync(stream.contents) : stream.contents).toString("latin1");
    })
    .join("\n");
}

/** Each group of rectangles closed by one fill (`x y w h re … f`), in drawing order: one per QR. */
function filledRectangleGroups(content: string): Box[][] {
  const groups: Box[][] = [];
  let rects: Box[] = [];
  let operands: string[] = [];
  for (const token of content.split(/\s+/).filter(Boolean)) {
    if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(token)) {
      operands.push(token);
      continue;
    }
    if (token === "re") {
      const [x, y, width, height] = operands.slice(-4).map(Number) as [number, number, number, number];
      rects.push({ x, y, width, height });
    } else if (token === "f" || token === "f*" || token === "F") {
      if (rects.length > 0) groups.push(rects);
      rects = [];
    } else if (token === "n" || token === "S") {
      rects = [];
    }
    operands = [];
  }
  return groups;
}

const bounds = (rects: readonly Box[]): Box => {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  return { x, y, width: Math.max(...rects.map((r) => r.x + r.width)) - x, height: Math.max(...rects.map((r) => r.y + r.height)) - y };
};

/** The rectangles painted black on a white bitmap (`pxPerModule` pixels a module, 4 modules of margin), decoded. */
function decodeRectangles(rects: readonly Box[]): string {
  const moduleSize = Math.min(...rects.map((r) => r.height));
  const pxPerModule = 6;
  const scale = pxPerModule / moduleSize;
  const box = bounds(rects);
  const margin = QR_QUIET_MODULES * pxPerModule;
  const width = Math.round(box.width * scale) + 2 * margin;
  const height = Math.round(box.height * scale) + 2 * margin;
  const luminance = new Uint8ClampedArray(width * height).fill(255);
  for (const r of rects) {
    // PDF y grows upwards, bitmap rows downwards.
    const left = margin + Math.round((r.x - box.x) * scale);
    const right = margin + Math.round((r.x + r.width - box.x) * scale);
    const top = margin + Math.round((box.y + box.height - (r.y + r.height)) * scale);
    const bottom = margin + Math.round((box.y + box.height - r.y) * scale);
    for (let py = top; py < bottom; py += 1) luminance.fill(0, py * width + left, py * width + right);
  }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
  return new QRCodeReader().decode(bitmap).getText();
}

/** Where the QR of label `index` was meant to go: its square less the quiet zone. */
function symbolArea(format: LabelFormat, index: number, modules: number): Box {
  const { qr } = labelSlot(format, index);
  const quiet = (qr.width / (modules + 2 * QR_QUIET_MODULES)) * QR_QUIET_MODULES;
  return { x: qr.x + quiet, y: qr.y + quiet, width: qr.width - 2 * quiet, height: qr.height - 2 * quiet };
}

async function render(kind: LabelKind, firstNumber: number, count: number, format: LabelFormat) {
  const bytes = await renderLabelsPdf({ kind, firstNumber, count, format });
  expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
  return PDFDocument.load(bytes);
}

describe("printed label QR codes decode to their label's code", () => {
  it("A4 sheet: the first label's QR reads SB00001; labels 24 and 25 read theirs; 25 labels make 2 pages", async () => {
    const doc = await render("SB", 1, 25, "a4");
    expect(doc.getPageCount()).toBe(labelPageCount("a4", 25));
    const size = labelPageSize("a4");
    expect(doc.getPage(0).getWidth()).toBeCloseTo(size.width, 2);
    expect(doc.getPage(0).getHeight()).toBeCloseTo(size.height, 2);

    const first = filledRectangleGroups(contentOf(doc, doc.getPage(0)));
    expect(first).toHaveLength(24);
    const qr = first[0] ?? [];
    expect(decodeRectangles(qr)).toBe("SB00001");
    // Drawn where the layout put it, inside its quiet zone (version 1: 21 modules).
    const drawn = bounds(qr);
    const planned = symbolArea("a4", 0, 21);
    for (const key of ["x", "y", "width", "height"] as const) expect(drawn[key]).toBeCloseTo(planned[key], 1);

    expect(decodeRectangles(first[23] ?? [])).toBe("SB00024");
    const second = filledRectangleGroups(contentOf(doc, doc.getPage(1)));
    expect(second).toHaveLength(1);
    expect(decodeRectangles(second[0] ?? [])).toBe("SB00025");
  });

  it("thermal 50 × 25 mm: one label a page, its QR reads M444-00042", async () => {
    const doc = await render("M444", 42, 3, "thermal");
    expect(doc.getPageCount()).toBe(3);
    const size = labelPageSize("thermal");
    expect(doc.getPage(0).getWidth()).toBeCloseTo(size.width, 2);
    expect(doc.getPage(0).getHeight()).toBeCloseTo(size.height, 2);
    const groups = filledRectangleGroups(contentOf(doc, doc.getPage(0)));
    expect(groups).toHaveLength(1);
    expect(decodeRectangles(groups[0] ?? [])).toBe("M444-00042");
    const drawn = bounds(groups[0] ?? []);
    const planned = symbolArea("thermal", 0, 21);
    for (const key of ["x", "y", "width", "height"] as const) expect(drawn[key]).toBeCloseTo(planned[key], 1);
    expect(decodeRectangles(filledRectangleGroups(contentOf(doc, doc.getPage(2)))[0] ?? [])).toBe("M444-00044");
  });

  it("child labels: the 7-digit code reads back on both formats", async () => {
    for (const format of ["a4", "thermal"] as const) {
      const doc = await render("child", 9_999_998, 2, format);
      const groups = filledRectangleGroups(contentOf(doc, doc.getPage(0)));
      expect(decodeRectangles(groups[0] ?? [])).toBe(labelCode("child", 9_999_998));
    }
  });

  it("prints the human-readable code beside each QR (the text a person reads)", async () => {
    const doc = await render("SB", 7, 1, "a4");
    const content = contentOf(doc, doc.getPage(0));
    // pdf-lib writes a standard font's text as a hex string: "SB00007".
    expect(content).toContain(`<${Buffer.from("SB00007").toString("hex").toUpperCase()}> Tj`);
  });

  it("renders 1000 labels (the most one reservation holds) without a pathological slowdown", async () => {
    const started = performance.now();
    const bytes = await renderLabelsPdf({ kind: "child", firstNumber: 1_000_001, count: 1000, format: "a4" });
    const ms = performance.now() - started;
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(42);
    // A guard against a pathological slowdown, not a benchmark (the 2-core box runs suites in parallel).
    expect(ms).toBeLessThan(20_000);
    console.info(`[labels] 1000 labels, A4: ${Math.round(ms)} ms, ${Math.round(bytes.length / 1024)} KiB`);
  });
});
