import { describe, expect, it } from "vitest";
import { LABEL_KINDS as DB_LABEL_KINDS } from "@/db/schema/floor";
import {
  A4_PER_PAGE,
  A4_SHEET,
  darkRuns,
  formatLabelRange,
  labelCode,
  labelNumber,
  labelPageCount,
  labelPageSize,
  labelPdfFilename,
  labelPdfHref,
  labelRange,
  labelSlot,
  LABEL_KINDS,
  LABEL_SERIES,
  MM,
  type Box,
  type LabelKind,
} from "@/lib/labels";
import { classifyQr } from "@/lib/qr";
import { LabelPdfInput, ReserveLabelsJson, reservationIdOf } from "@/lib/schemas/labels";

describe("label codes", () => {
  it.each([
    ["SB", 1, "SB00001"],
    ["SB", 99_999, "SB99999"],
    ["M444", 42, "M444-00042"],
    ["M444", 99_999, "M444-99999"],
    ["child", 1, "0000001"],
    ["child", 9_999_999, "9999999"],
  ] as const)("prints %s number %i as %s, and reads it back", (kind, n, code) => {
    expect(labelCode(kind, n)).toBe(code);
    expect(labelNumber(kind, code)).toBe(n);
    expect(labelNumber(kind, code.toLowerCase())).toBe(n);
  });

  it.each([
    ["SB", 0],
    ["SB", 100_000],
    ["M444", -1],
    ["child", 10_000_000],
    ["child", 1.5],
  ] as const)("refuses %s number %s: outside the series", (kind, n) => {
    expect(() => labelCode(kind, n)).toThrow(RangeError);
  });

  it("reads no number from a code of another series or shape", () => {
    expect(labelNumber("SB", "M444-00001")).toBeNull();
    expect(labelNumber("SB", "SB0001")).toBeNull();
    expect(labelNumber("SB", "SB000001")).toBeNull();
    expect(labelNumber("child", "00000001")).toBeNull();
    expect(labelNumber("child", "SB00001")).toBeNull();
    expect(labelNumber("child", "0000000")).toBeNull();
  });

  it("gives every code the role classifyQr (the scan station's router) gives it", () => {
    for (const n of [1, 2, 4711, 99_999]) {
      expect(classifyQr(labelCode("SB", n))).toMatchObject({ kind: "parent", parentKind: "SB", capacity: 30 });
      expect(classifyQr(labelCode("M444", n))).toMatchObject({ kind: "parent", parentKind: "M444", capacity: 15 });
    }
    for (const n of [1, 16_557, 1_000_001, 9_999_999]) expect(classifyQr(labelCode("child", n))).toEqual({ kind: "child", qr: labelCode("child", n) });
  });

  it("matches each series' pattern exactly to its codes", () => {
    for (const kind of LABEL_KINDS) {
      expect(LABEL_SERIES[kind].pattern.test(labelCode(kind, 1))).toBe(true);
      expect(LABEL_SERIES[kind].pattern.test(labelCode(kind, LABEL_SERIES[kind].max))).toBe(true);
    }
    expect(LABEL_SERIES.SB.pattern.test("SB1234")).toBe(false);
    expect(LABEL_SERIES.child.pattern.test("12345678")).toBe(false);
  });

  it("names the series the database accepts (label_sequences / label_reservations CHECK)", () => {
    expect([...LABEL_KINDS]).toEqual([...DB_LABEL_KINDS]);
  });

  it("writes ranges, file names and PDF links", () => {
    expect(labelRange("SB", 1, 24)).toEqual({ first: "SB00001", last: "SB00024" });
    expect(labelRange("child", 9_999_999, 1)).toEqual({ first: "9999999", last: "9999999" });
    expect(formatLabelRange("SB00001", "SB00024")).toBe("SB00001–SB00024");
    expect(formatLabelRange("SB00007", "SB00007")).toBe("SB00007");
    expect(labelPdfFilename("SB00001", "SB00024", "a4")).toBe("labels-SB00001-SB00024-a4.pdf");
    expect(labelPdfHref(12, "thermal")).toBe("/api/labels/12/pdf?format=thermal");
  });
});

const inside = (inner: Box, outer: Box, slack = 1e-6) =>
  inner.x >= outer.x - slack &&
  inner.y >= outer.y - slack &&
  inner.x + inner.width <= outer.x + outer.width + slack &&
  inner.y + inner.height <= outer.y + outer.height + slack;
// Neighbours touch (their shared edge may differ by a rounding error): only a real overlap counts.
const overlap = (a: Box, b: Box, e = 1e-6) =>
  a.x < b.x + b.width - e && b.x < a.x + a.width - e && a.y < b.y + b.height - e && b.y < a.y + a.height - e;

describe("label page layouts", () => {
  it("puts 24 labels on an A4 page (3 × 8) and 25 labels on 2 pages", () => {
    expect(A4_PER_PAGE).toBe(24);
    expect(labelPageCount("a4", 1)).toBe(1);
    expect(labelPageCount("a4", 24)).toBe(1);
    expect(labelPageCount("a4", 25)).toBe(2);
    expect(labelPageCount("a4", 1000)).toBe(42);
    expect(labelPageCount("thermal", 25)).toBe(25);
    expect(labelSlot("a4", 23).page).toBe(0);
    expect(labelSlot("a4", 24).page).toBe(1);
  });

  it("lays out an A4 page: margins kept, no two labels overlapping, rows from the top", () => {
    const page = labelPageSize("a4");
    expect(page.width).toBeCloseTo(595.28, 1);
    expect(page.height).toBeCloseTo(841.89, 1);
    const printable = { x: A4_SHEET.marginX, y: A4_SHEET.marginY, width: page.width - 2 * A4_SHEET.marginX, height: page.height - 2 * A4_SHEET.marginY };
    const cells = Array.from({ length: 24 }, (_, i) => labelSlot("a4", i));
    for (const [i, slot] of cells.entries()) {
      expect(inside(slot.cell, printable), `cell ${i}`).toBe(true);
      expect(inside(slot.qr, slot.cell), `qr ${i}`).toBe(true);
      expect(inside(slot.text, slot.cell), `text ${i}`).toBe(true);
      // The code sits under its QR, which is square and at least 2 cm wide.
      expect(slot.text.y + slot.text.height).toBeLessThanOrEqual(slot.qr.y + 1e-6);
      expect(slot.qr.width).toBe(slot.qr.height);
      expect(slot.qr.width).toBeGreaterThan(20 * MM);
      for (const other of cells.slice(i + 1)) expect(overlap(slot.cell, other.cell)).toBe(false);
    }
    // First label top left, the third top right, the fourth on the second row.
    const [a, , c, d] = cells as [(typeof cells)[0], unknown, (typeof cells)[0], (typeof cells)[0]];
    expect(a.cell.x).toBeCloseTo(A4_SHEET.marginX);
    expect(a.cell.y + a.cell.height).toBeCloseTo(page.height - A4_SHEET.marginY);
    expect(c.cell.x + c.cell.width).toBeCloseTo(page.width - A4_SHEET.marginX);
    expect(d.cell.y + d.cell.height).toBeCloseTo(a.cell.y);
    // Page 2 starts at the top left again.
    expect(labelSlot("a4", 24).cell).toEqual(a.cell);
  });

  it("lays out a 50 × 25 mm thermal label: QR on the left, the code on the right", () => {
    const page = labelPageSize("thermal");
    expect(page.width / MM).toBeCloseTo(50);
    expect(page.height / MM).toBeCloseTo(25);
    const slot = labelSlot("thermal", 7);
    expect(slot.page).toBe(7);
    expect(inside(slot.qr, { x: 0, y: 0, ...page })).toBe(true);
    expect(inside(slot.text, { x: 0, y: 0, ...page })).toBe(true);
    expect(slot.text.x).toBeGreaterThanOrEqual(slot.qr.x + slot.qr.width);
    expect(slot.qr.width).toBe(slot.qr.height);
  });

  it("turns a QR matrix into runs of dark modules per row", () => {
    const rows = ["#.##", "....", "####", ".#.#"];
    const runs = darkRuns(4, (r, c) => rows[r]?.[c] === "#");
    expect(runs).toEqual([
      { row: 0, column: 0, length: 1 },
      { row: 0, column: 2, length: 2 },
      { row: 2, column: 0, length: 4 },
      { row: 3, column: 1, length: 1 },
      { row: 3, column: 3, length: 1 },
    ]);
  });
});

describe("label request schemas", () => {
  it("reads a form's or a JSON body's kind, count and note", () => {
    expect(ReserveLabelsJson.parse({ kind: "sb", count: "24", note: "" })).toEqual({ kind: "SB", count: 24 });
    expect(ReserveLabelsJson.parse({ kind: " M444 ", count: 1000, note: " Lucknow dock " })).toEqual({ kind: "M444", count: 1000, note: "Lucknow dock" });
    expect(ReserveLabelsJson.parse({ kind: "CHILD", count: 1, note: null })).toEqual({ kind: "child", count: 1 });
  });

  it.each([
    [{ kind: "SB", count: 0 }, "count"],
    [{ kind: "SB", count: 1001 }, "count"],
    [{ kind: "SB", count: 2.5 }, "count"],
    [{ kind: "SB", count: "1e2" }, "count"],
    [{ kind: "SB" }, "count"],
    [{ kind: "XX", count: 5 }, "kind"],
    [{ count: 5 }, "kind"],
    [{ kind: "SB", count: 5, note: "x".repeat(201) }, "note"],
    [{ kind: "SB", count: 5, note: "a\u0000b" }, "note"],
  ] as const)("refuses %j (field %s)", (input, field) => {
    const parsed = ReserveLabelsJson.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain(field);
  });

  it("refuses keys it does not know and anything but an object", () => {
    expect(ReserveLabelsJson.safeParse({ kind: "SB", count: 5, first: 1 }).success).toBe(false);
    expect(ReserveLabelsJson.safeParse("SB").error?.issues[0]?.message).toMatch(/JSON object/);
  });

  it("reads a PDF request: a4 by default, thermal, nothing else", () => {
    expect(LabelPdfInput.parse({ id: "3" })).toEqual({ id: "3", format: "a4" });
    expect(LabelPdfInput.parse({ id: "3", format: "Thermal" })).toEqual({ id: "3", format: "thermal" });
    expect(LabelPdfInput.safeParse({ id: "3", format: "letter" }).success).toBe(false);
    expect(reservationIdOf("12")).toBe(12);
    for (const bad of ["0", "-1", "1.5", "abc", "", "01", "99999999999999999"]) expect(reservationIdOf(bad), bad).toBeNull();
  });
});

// Keeps the LabelKind type honest for the it.each tables above.
const _kinds: readonly LabelKind[] = LABEL_KINDS;
void _kinds;
