import "server-only";
import { CsvError, parse } from "csv-parse/sync";
import { ValidationError } from "../errors";

// CSV through csv-parse (node-csv, RFC 4180): quoted fields may hold separators, doubled quotes
// and line breaks; records end with CRLF, LF or CR; a leading BOM is dropped. The separator is
// `,`, or `;`/TAB when the header line has those and no comma (Excel writes `;` in many locales).

export interface CsvRecord {
  /** 1-based record number, as a spreadsheet numbers the rows (the header is 1). */
  row: number;
  cells: string[];
}

export function detectSeparator(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  if (firstLine.includes(",")) return ",";
  if (firstLine.includes(";")) return ";";
  if (firstLine.includes("\t")) return "\t";
  return ",";
}

/** Every record of `text`; a blank line is a record of one empty cell (it keeps the row numbers right). 400 invalid_csv when it cannot be read. */
export function* parseCsv(text: string, separator = detectSeparator(text)): Generator<CsvRecord> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: separator, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (err) {
    if (err instanceof CsvError) {
      const line = "lines" in err && typeof err.lines === "number" ? ` (near line ${err.lines})` : "";
      throw new ValidationError(`The CSV file cannot be read${line}: ${err.message.replace(/^[^:]*:\s*/, "")}. Save it again from the spreadsheet as CSV.`, undefined, "invalid_csv");
    }
    throw err;
  }
  for (const [i, cells] of records.entries()) yield { row: i + 1, cells };
}
