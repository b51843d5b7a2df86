import "server-only";
import { missingColumns } from "./limits";
import type { SheetRow } from "./sheet";

/** A data row with its cells by column name. */
export interface TableRow {
  row: number;
  sheet: string;
  values: Record<string, string>;
  /** A refusal known from the file's layout alone (a label batch's stray row). */
  error?: { code: string; message: string };
}

/** "Parent QR", " parent-qr " and "PARENT_QR" all name parent_qr. */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/**
 * The first row is the header: `required` columns must all be there (400 missing_columns naming
 * them), `optional` ones may be; matched by name, any case, any order; other columns are ignored.
 */
export async function* readTable(
  rows: AsyncIterable<SheetRow>,
  columns: { required: readonly string[]; optional: readonly string[] },
): AsyncGenerator<TableRow> {
  let index: Map<string, number> | null = null;
  const wanted = [...columns.required, ...columns.optional];
  for await (const { row, sheet, cells } of rows) {
    if (!index) {
      const found = new Map<string, number>();
      cells.forEach((cell, i) => {
        const key = headerKey(cell);
        if (wanted.includes(key) && !found.has(key)) found.set(key, i);
      });
      const missing = columns.required.filter((c) => !found.has(c));
      if (missing.length > 0) throw missingColumns(missing, wanted);
      index = found;
      continue;
    }
    const values: Record<string, string> = {};
    for (const [key, i] of index) values[key] = (cells[i] ?? "").trim();
    yield { row, sheet, values };
  }
}
