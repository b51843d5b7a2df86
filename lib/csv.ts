// CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, and no cell that a
// spreadsheet would run as a formula.

/** Text a spreadsheet treats as a formula (or, with tab/CR, may after trimming). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell. Text starting with = + - @ (or tab/CR) gets a leading ' so it stays text; numbers
 * the app computed are written as numbers (a negative variance must stay a number).
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Lets Excel open UTF-8 (e.g. Hindi customer names) correctly. */
export const CSV_BOM = "\uFEFF";
