// CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, and no cell that a
// spreadsheet would run as a formula, whichever list separator its locale uses (`,` or `;`).

/**
 * A formula (OWASP: = + - @, and tab/CR, which a spreadsheet may trim first) at the start of the
 * cell, or after a character that splits a cell in some reader: `,`, `;` (the list separator of
 * many locales, where `ab;=1+1` is two cells) or a line end; spaces before it do not disarm it.
 */
const FORMULA = /(?:^|[,;\r\n]) *[=+\-@\t\r]/;
/** Separators of either kind, quotes and line ends keep a cell whole only inside quotes. */
const NEEDS_QUOTES = /[",;\r\n]/;

/**
 * Text a spreadsheet would run as a formula, with a leading ' so it stays text; anything else as
 * it is. csvField applies it to every CSV cell; XLSX exports apply it to their text cells.
 */
export function neutraliseFormula(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

/**
 * One cell. Text with a formula where a spreadsheet would look for one gets a leading ' so it
 * stays text (quoted too when a separator precedes it, so it stays one cell); numbers the app
 * computed are written as numbers (a negative variance must stay a number).
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = neutraliseFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Lets Excel open UTF-8 (e.g. Hindi customer names) correctly. */
export const CSV_BOM = "\uFEFF";
