import "server-only";
import { AppError, ValidationError } from "../errors";

// What an import accepts (DESIGN.md §6b, issue 16): beyond these a friendly 413 or a 400 that
// names the problem, before any row reaches the database.

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;
/** A multipart body carries a little more than its file (boundaries, the other fields). */
export const MAX_IMPORT_BODY_BYTES = MAX_IMPORT_BYTES + 64 * 1024;
/** Longest cell kept: no field of any import needs more (a label text is ~100 characters). */
export const MAX_CELL_CHARS = 1000;

export const IMPORT_EXTENSIONS = [".csv", ".xlsx"] as const;

export function fileTooLarge(): AppError {
  return new AppError(413, "file_too_large", "The file is larger than 20 MB. Split it into smaller files and import them one after another.");
}

export function tooManyRows(): AppError {
  return new AppError(
    413,
    "too_many_rows",
    `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-IN")} rows. Split it into smaller files and import them one after another.`,
  );
}

export function unsupportedFile(fileName: string): ValidationError {
  const ext = /\.[^.]*$/.exec(fileName)?.[0]?.toLowerCase() ?? "";
  const hint = ext === ".xls" || ext === ".xlsm" ? ` Open it in Excel and save it as an .xlsx workbook.` : "";
  return new ValidationError(
    `"${fileName.slice(0, 80)}" is not a .csv or .xlsx file.${hint}`,
    { file: ["Upload a .csv or .xlsx file."] },
    "unsupported_file_type",
  );
}

export function notASpreadsheet(what: "xlsx" | "csv"): ValidationError {
  return new ValidationError(
    what === "xlsx"
      ? "The file is not a readable .xlsx workbook (it may be damaged, or another kind of file renamed to .xlsx)."
      : "The file is not a readable CSV text file (it holds binary data or is not UTF-8 text).",
    { file: ["Upload a real .csv or .xlsx file."] },
    "not_a_spreadsheet",
  );
}

export function emptyFile(detail = "The file is empty."): ValidationError {
  return new ValidationError(`${detail} Add a header row and at least one data row.`, { file: [detail] }, "empty_file");
}

export function formulaCell(sheet: string, address: string): ValidationError {
  return new ValidationError(
    `Cell ${address} on sheet "${sheet.slice(0, 40)}" holds a formula. Imports take plain values only: copy the cells and paste them as values, then upload again.`,
    { file: [`Formula in ${address}.`] },
    "formula_cell",
  );
}

export function missingColumns(missing: readonly string[], expected: readonly string[]): ValidationError {
  return new ValidationError(
    `The header row has no ${missing.join(", ")} column${missing.length === 1 ? "" : "s"}. Expected columns (any order, any case): ${expected.join(", ")}.`,
    { file: [`Missing column${missing.length === 1 ? "" : "s"}: ${missing.join(", ")}.`] },
    "missing_columns",
  );
}
