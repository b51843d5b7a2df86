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
  it("keeps a formula after a ; or , from running where ; separates cells (ab;=1+1), as one quoted text cell", () => {
    expect(csvField("ab;=1+1")).toBe(`"'ab;=1+1"`);
    expect(csvField("ab,=1+1")).toBe(`"'ab,=1+1"`);
    expect(csvField("Agro; +91 98")).toBe(`"'Agro; +91 98"`);
    expect(csvField("x;-2+3;@SUM(A1)")).toBe(`"'x;-2+3;@SUM(A1)"`);
    expect(csvField("a;\t=1")).toBe(`"'a;\t=1"`);
    expect(csvField("line 1\n=1+1")).toBe(`"'line 1\n=1+1"`);
    expect(csvField('a;=HYPERLINK("http://x")')).toBe(`"'a;=HYPERLINK(""http://x"")"`);
    expect(csvField("  =1+1")).toBe("'  =1+1");
  });
  it("quotes a ; so a ;-separated locale keeps the cell whole, and leaves - + = inside words alone", () => {
    expect(csvField("Agro; Traders")).toBe('"Agro; Traders"');
    expect(csvField("Sharma-Traders")).toBe("Sharma-Traders");
    expect(csvField("a+b=c@d")).toBe("a+b=c@d");
    expect(csvField("B-2025;01")).toBe('"B-2025;01"');
  });
  it("writes a row with CRLF", () => {
    expect(csvRow(["A", 1, null, "x,y"])).toBe('A,1,,"x,y"\r\n');
  });
});
