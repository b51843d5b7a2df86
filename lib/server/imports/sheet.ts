import "server-only";
import ExcelJS from "exceljs";
import { Readable } from "node:stream";
import { AppError } from "../errors";
import { parseCsv } from "./csv-parse";
import { emptyFile, formulaCell, MAX_CELL_CHARS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, fileTooLarge, notASpreadsheet, tooManyRows, unsupportedFile } from "./limits";

/** One non-blank row of a sheet: its name, its 1-based row number and its cells as text. */
export interface SheetRow {
  sheet: string;
  row: number;
  cells: string[];
}

export type FileFormat = "csv" | "xlsx";

/** The format a file name promises (400 unsupported_file_type for anything else). */
export function formatOf(fileName: string): FileFormat {
  const name = fileName.trim().toLowerCase();
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".xlsx")) return "xlsx";
  throw unsupportedFile(fileName);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A cell's value as the text an import reads (formulas are refused before this). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("error" in value) return String(value.error);
  }
  return "";
}

const isFormula = (value: ExcelJS.CellValue) =>
  typeof value === "object" && value !== null && !(value instanceof Date) && ("formula" in value || "sharedFormula" in value);

function columnLetters(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === "");

/**
 * exceljs's streaming reader now and then loses a zip entry of a sound workbook and throws
 * (exceljs#3064: its iterate-stream pauses unzipper between entries, and what arrives meanwhile is
 * dropped) — more often on a busy machine, and it lost a CI run's import test. The whole file is
 * in memory and a pass is cheap, so a failed pass is read again before the file is called damaged;
 * a refusal of ours (a formula cell) is final at once.
 */
export const XLSX_READ_ATTEMPTS = 3;

export async function withReadAttempts<T>(pass: () => Promise<T>, attempts = XLSX_READ_ATTEMPTS): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await pass();
    } catch (err) {
      if (err instanceof AppError || i >= attempts) throw err;
    }
  }
}

/** One pass over the workbook: its non-blank rows, at most enough for readRows to say "too many". */
async function xlsxPass(data: Buffer, allSheets: boolean): Promise<SheetRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    entries: "ignore",
  });
  const cap = MAX_IMPORT_ROWS + 2;
  const rows: SheetRow[] = [];
  let sheets = 0;
  try {
    reading: for await (const worksheet of reader) {
      sheets += 1;
      const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${sheets}`;
      for await (const row of worksheet) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let col = 1; col < values.length; col += 1) {
          const value = values[col];
          if (isFormula(value)) throw formulaCell(name, `${columnLetters(col)}${row.number}`);
          cells.push(cellText(value).slice(0, MAX_CELL_CHARS));
        }
        if (isBlank(cells)) continue;
        rows.push({ sheet: name, row: row.number, cells });
        if (rows.length >= cap) break reading;
      }
      if (!allSheets) break;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Enough rows already (readRows refuses the file): the reader may complain of being left early.
    if (rows.length >= cap) return rows;
    // unzipper and the XML parser fail in many ways on a damaged or disguised file (and now and
    // then on a sound one: see XLSX_READ_ATTEMPTS).
    throw new Error("unreadable workbook", { cause: err });
  }
  if (sheets === 0) throw new Error("no worksheet read");
  return rows;
}

async function* xlsxRows(data: Buffer, allSheets: boolean): AsyncGenerator<SheetRow> {
  if (data.length < 4 || ZIP_MAGIC.some((b, i) => data[i] !== b)) throw notASpreadsheet("xlsx");
  let rows: SheetRow[];
  try {
    rows = await withReadAttempts(() => xlsxPass(data, allSheets));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw notASpreadsheet("xlsx");
  }
  yield* rows;
}

function* csvRows(data: Buffer): Generator<SheetRow> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    throw notASpreadsheet("csv");
  }
  if (text.includes("\u0000")) throw notASpreadsheet("csv");
  for (const { row, cells } of parseCsv(text)) {
    const kept = cells.map((c) => c.slice(0, MAX_CELL_CHARS));
    if (!isBlank(kept)) yield { sheet: "CSV", row, cells: kept };
  }
}

/**
 * Every non-blank row of the file (the first sheet of a workbook, or all of them with
 * `allSheets`), at most MAX_IMPORT_ROWS data rows plus a header (413 too_many_rows beyond).
 * 400s: unsupported_file_type, not_a_spreadsheet, formula_cell, empty_file.
 */
export async function* readRows(fileName: string, data: Buffer, options: { allSheets?: boolean } = {}): AsyncGenerator<SheetRow> {
  const format = formatOf(fileName);
  if (data.length > MAX_IMPORT_BYTES) throw fileTooLarge();
  if (data.length === 0) throw emptyFile();
  const source = format === "csv" ? csvRows(data) : xlsxRows(data, options.allSheets ?? false);
  let count = 0;
  for await (const row of source) {
    count += 1;
    // One header row per sheet is allowed on top of the data rows.
    if (count > MAX_IMPORT_ROWS + 1) throw tooManyRows();
    yield row;
  }
  if (count === 0) throw emptyFile("The file has no rows with values.");
}
