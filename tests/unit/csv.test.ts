import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "@/lib/csv";

describe("csvField", () => {
  it("leaves plain text and numbers as they are", () => {
    expect(csvField("DEMO-001")).toBe("DEMO-001");
    expect(csvField(42)).toBe("42");
    expect(csvField(-27)).toBe("-27");
    expect(csvField(null)).toBe("");
  });
  it("quotes fields with commas, quotes or newlines and doubles the quotes", () => {
    expect(csvField("Agro, Traders")).toBe('"Agro, Traders"');
    expect(csvField('The "big" one')).toBe('"The ""big"" one"');
    expect(csvField("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvField("a\r\nb")).toBe('"a\r\nb"');
  });
  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(csvField("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+91 98")).toBe("'+91 98");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\t=1")).toBe("'\t=1");
  });
  it("writes a row with CRLF", () => {
    expect(csvRow(["A", 1, null, "x,y"])).toBe('A,1,,"x,y"\r\n');
  });
});
