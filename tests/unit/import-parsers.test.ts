import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/server/imports/csv-parse";
import { labelItems } from "@/lib/server/imports/labels";
import { readRows, withReadAttempts, XLSX_READ_ATTEMPTS, type SheetRow } from "@/lib/server/imports/sheet";
import { readTable } from "@/lib/server/imports/table";
import { areaOf } from "@/lib/schemas/imports";
import { AppError } from "@/lib/server/errors";
import { csvOf, labelBatchXlsx, labelText, sheetXlsx } from "../fixtures/imports";

const all = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (err) {
    return err instanceof AppError ? `${err.status} ${err.code}` : String(err);
  }
}

describe("the CSV reader (RFC 4180)", () => {
  it("reads quoted separators, doubled quotes and line breaks inside quotes, any line end", () => {
    const text = '\ufeffa,b,c\r\n"x,1","say ""hi""","two\nlines"\n3,,\r4';
    expect([...parseCsv(text)]).toEqual([
      { row: 1, cells: ["a", "b", "c"] },
      { row: 2, cells: ["x,1", 'say "hi"', "two\nlines"] },
      { row: 3, cells: ["3", "", ""] },
      { row: 4, cells: ["4"] },
    ]);
  });

  it("takes ; when the header has no comma (Excel in many locales)", () => {
    expect([...parseCsv("parent_qr;child_qr\nSB1;2")].map((r) => r.cells)).toEqual([["parent_qr", "child_qr"], ["SB1", "2"]]);
  });
});

describe("the header", () => {
  it("is matched by name in any case and order; missing columns are named", async () => {
    const rows = await all(readTable(readRows("f.csv", csvOf([["Area", "CHILD QR", "parent-qr"], ["lucknow", "1000001", "SB00001"]])), { required: ["parent_qr", "child_qr", "area"], optional: [] }));
    expect(rows).toEqual([{ row: 2, sheet: "CSV", values: { area: "lucknow", child_qr: "1000001", parent_qr: "SB00001" } }]);
    expect(await codeOf(all(readTable(readRows("f.csv", csvOf([["parent_qr"], ["SB1"]])), { required: ["parent_qr", "area"], optional: [] })))).toBe("400 missing_columns");
  });

  it("reads an xlsx, skipping blank rows but keeping row numbers", async () => {
    const data = await sheetXlsx([["parent_qr", "child_qr", "area"], ["SB00001", 1000001, "lucknow"], [null, null, null], ["SB00001", "1000002", "lucknow"]]);
    const rows = await all(readRows("f.xlsx", data));
    expect(rows.map((r) => [r.row, r.cells[1]])).toEqual([[1, "child_qr"], [2, "1000001"], [4, "1000002"]]);
  });
});

describe("the label-printer batch", () => {
  it("turns runs of LABEL NO. rows closed by a parent row into bag rows", async () => {
    const data = await labelBatchXlsx([{ parent: "SB12345", children: [16586, 16587] }, { parent: "M444-00001", children: [1] }]);
    const items = await labelItems(readRows("b.xlsx", data, { allSheets: true }), "akola");
    expect(items.map((i) => [i.row, i.parentRaw, i.childRaw === "" ? "" : i.childRaw.slice(0, 18), i.error?.code ?? ""])).toEqual([
      [2, "SB12345", labelText(16586).slice(0, 18), ""],
      [3, "SB12345", labelText(16587).slice(0, 18), ""],
      [4, "SB12345", "", ""],
      [5, "M444-00001", labelText(1).slice(0, 18), ""],
      [6, "M444-00001", "", ""],
    ]);
  });

  it("closes a block at Sr. No. 16 and at a bare SB parent in column B", async () => {
    const rows: SheetRow[] = [
      { sheet: "S", row: 1, cells: ["1", labelText(1)] },
      { sheet: "S", row: 2, cells: ["16", "sb00002"] },
      { sheet: "S", row: 3, cells: ["1", labelText(2)] },
    ];
    const items = await labelItems((async function* () { yield* rows; })(), "akola");
    expect(items.map((i) => [i.row, i.parentRaw, i.error?.code ?? ""])).toEqual([[1, "sb00002", ""], [2, "sb00002", ""], [3, "", "no_parent"]]);
  });
});

describe("areas", () => {
  it("accept the display name, any case, spaces or hyphens", () => {
    expect(areaOf("Sri Ganganagar")).toBe("sri_ganganagar");
    expect(areaOf("SRI-GANGANAGAR")).toBe("sri_ganganagar");
    expect(areaOf("mumbai")).toBeNull();
  });
});

describe("a CSV that cannot be read", () => {
  it("is a 400 invalid_csv naming the problem, not a silent half-read", () => {
    expect(() => [...parseCsv('parent_qr,child_qr\nSB00001,"1000001\n')]).toThrow(/cannot be read/);
    let caught: unknown = null;
    try {
      Array.from(parseCsv('a,b\n"x'));
    } catch (err) {
      caught = err;
    }
    expect(caught instanceof AppError ? `${caught.status} ${caught.code}` : String(caught)).toBe("400 invalid_csv");
  });
});

describe("a workbook pass that fails (exceljs#3064: the streaming reader now and then loses a zip entry)", () => {
  it("is read again, and the next sound pass is the answer", async () => {
    let calls = 0;
    const result = await withReadAttempts(async () => {
      calls += 1;
      if (calls < 3) throw new Error("Cannot read properties of undefined (reading 'sheets')");
      return ["rows"];
    });
    expect(result).toEqual(["rows"]);
    expect(calls).toBe(3);
  });

  it("is given up after XLSX_READ_ATTEMPTS passes, with the last failure", async () => {
    let calls = 0;
    const failing = withReadAttempts(async () => {
      calls += 1;
      throw new Error(`pass ${calls}`);
    });
    await expect(failing).rejects.toThrow(`pass ${XLSX_READ_ATTEMPTS}`);
    expect(calls).toBe(XLSX_READ_ATTEMPTS);
  });

  it("is not read again when it is our own refusal (a formula cell)", async () => {
    let calls = 0;
    const refused = withReadAttempts(async () => {
      calls += 1;
      throw new AppError(400, "formula_cell", "Cell A2 holds a formula.");
    });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    expect(calls).toBe(1);
  });

  it("still reads a sound workbook whole, and calls a damaged one damaged", async () => {
    const rows = await all(readRows("s.xlsx", await sheetXlsx([["parent_qr", "child_qr"], ["SB30001", "7000001"]])));
    expect(rows.map((r) => r.cells)).toEqual([["parent_qr", "child_qr"], ["SB30001", "7000001"]]);
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    expect(await codeOf(all(readRows("d.xlsx", damaged)))).toBe("400 not_a_spreadsheet");
  });
});
