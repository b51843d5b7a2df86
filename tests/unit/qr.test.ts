import { describe, expect, it } from "vitest";
import { formatBagType } from "@/components/bags/bag-labels";
import { classifyQr, normalizeQr, parentKindOf, parentSpecOf, parentStatusFor } from "@/lib/qr";

describe("classifyQr", () => {
  it.each([
    ["SB12345", "SB", 30],
    ["sb12345", "SB", 30],
    ["  SB00001 ", "SB", 30],
    ["M444-12345", "M444", 15],
    ["m444-00042", "M444", 15],
  ])("classifies %j as a %s parent of capacity %i", (raw, parentKind, capacity) => {
    expect(classifyQr(raw)).toMatchObject({ kind: "parent", parentKind, capacity, qr: raw.trim().toUpperCase() });
  });

  it.each(["0016557", "1000001", "abcd", "ABCD1234EFGH5678IJKL", "MB12345"])("classifies %j as a child", (raw) => {
    expect(classifyQr(raw)).toEqual({ kind: "child", qr: raw.toUpperCase() });
  });

  // The reference's invalid parent examples (§2.1) are refused, never taken as children.
  it.each(["SB1234", "SB123456", "SB-12345", "M445-12345", "M44412345", "M444-1234", "SB1234A", "SB12345!"])(
    "refuses the malformed parent label %j",
    (raw) => {
      const result = classifyQr(raw);
      expect(result.kind).toBe("invalid");
    },
  );

  it("tells the user what a parent label must look like", () => {
    const result = classifyQr("SB1234");
    expect(result.kind === "invalid" && result.message).toMatch(/SB \+ 5 digits/);
  });

  it.each(["", "   ", "ab", "ABC", "A".repeat(21), "12 34", "<script>", "1'; DROP TABLE bags;--", "ÄBCD"])(
    "refuses %j",
    (raw) => {
      expect(classifyQr(raw).kind).toBe("invalid");
    },
  );

  it("strips control and zero-width characters that scanners add", () => {
    expect(classifyQr("\u200bSB12345\r\n")).toMatchObject({ kind: "parent", qr: "SB12345" });
    expect(classifyQr("\ufeff0016557\t")).toMatchObject({ kind: "child", qr: "0016557" });
    expect(normalizeQr("\u00a0 m444-00001 \u0000")).toBe("M444-00001");
  });

  // The label printer's QR text (reference §6.2): the bag's code is the number after "LABEL NO.".
  it.each([
    ["LABEL NO.:0016586 LOT NO.:STAR44GG24611, D.O.T.:30/09/2025", "0016586"],
    ["LABEL NO.0016557 LOT NO.:STAR44GG24611", "0016557"],
    ["  LABEL   NO. :  0016586   LOT NO.: STAR44GG24611 ", "0016586"],
    ["label no.:0016586 lot no.:star44gg24611, d.o.t.:30/09/2025", "0016586"],
    ["LABEL NO:0016586, LOT NO.:STAR44GG24611, D.O.T.:30/09/2025, PACKED BY: A, B", "0016586"],
    ["\u200bLABEL NO.:0016586 LOT NO.:X\r\n", "0016586"],
  ])("reads the child label number out of the label text %j", (raw, qr) => {
    expect(classifyQr(raw)).toEqual({ kind: "child", qr });
    expect(normalizeQr(raw)).toBe(qr);
  });

  it.each(["LABEL NO.: LOT NO.:STAR44GG24611, D.O.T.:30/09/2025", "LABEL NO.", "label no.:ABC123 LOT NO.:X"])(
    "refuses label text %j whose label number is missing, saying so",
    (raw) => {
      const result = classifyQr(raw);
      expect(result.kind).toBe("invalid");
      expect(result.kind === "invalid" && result.message).toMatch(/without a label number after "LABEL NO\."/);
    },
  );

  it("finds the label number wherever the label text puts it, and only after LABEL NO.", () => {
    expect(classifyQr("LOT NO.:STAR44GG24611, LABEL NO.:0016586")).toEqual({ kind: "child", qr: "0016586" });
    expect(classifyQr("LABELNO1")).toEqual({ kind: "child", qr: "LABELNO1" });
    expect(classifyQr("LABEL NO.:12 LOT NO.:X").kind).toBe("invalid");
  });

  it("bounds what it echoes back", () => {
    const result = classifyQr("X".repeat(10_000));
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.message.length).toBeLessThan(200);
  });
});

describe("parentStatusFor", () => {
  it("is pending empty, in progress partly filled, completed at capacity", () => {
    expect(parentStatusFor(0, 30)).toBe("pending");
    expect(parentStatusFor(1, 30)).toBe("in_progress");
    expect(parentStatusFor(29, 30)).toBe("in_progress");
    expect(parentStatusFor(30, 30)).toBe("completed");
    expect(parentStatusFor(15, 15)).toBe("completed");
  });
});

describe("parentKindOf", () => {
  it("maps M444- labels to M444 and every other parent to SB, in any case", () => {
    expect(parentKindOf("M444-00001")).toBe("M444");
    expect(parentKindOf("m444-00001")).toBe("M444");
    expect(parentKindOf("SB00001")).toBe("SB");
    expect(parentKindOf("M44400001")).toBe("SB");
  });
  it("is the rule the capacity and the bag labels use", () => {
    expect(parentSpecOf("m444-00001").capacity).toBe(15);
    expect(parentSpecOf("SB00001").capacity).toBe(30);
    expect(formatBagType("parent", "m444-00001")).toBe("Parent · M444");
    expect(formatBagType("parent", "SB00001")).toBe("Parent · SB");
    expect(formatBagType("child", "M444-00001")).toBe("Child");
  });
});
