import "server-only";

/** Runs one SQL text (no parameters) and returns its rows; each engine's caller adapts its client. */
export type RawQuery = (text: string) => Promise<Record<string, unknown>[]>;

// The application's tables: the public schema and Drizzle's migration journal.
const TABLES_SQL = `
  select table_schema as s, table_name as t from information_schema.tables
  where table_type = 'BASE TABLE' and table_schema in ('public', 'drizzle')
  order by 1, 2`;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A table's key in a manifest: its bare name in public, "schema.name" elsewhere. */
export const tableKey = (schema: string, table: string) => (schema === "public" ? table : `${schema}.${table}`);

/** Exact row counts of every table, in one statement after the table list (call inside the dump's snapshot). */
export async function countRows(query: RawQuery): Promise<Record<string, number>> {
  const tables = (await query(TABLES_SQL)).map((r) => ({ schema: String(r.s), table: String(r.t) }));
  if (tables.length === 0) return {};
  const union = tables
    .map(({ schema, table }) => `select ${quoteLiteral(tableKey(schema, table))} as k, count(*)::text as n from ${quoteIdent(schema)}.${quoteIdent(table)}`)
    .join(" union all ");
  const rows = await query(union);
  const counts: Record<string, number> = {};
  for (const row of rows) counts[String(row.k)] = Number(row.n);
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export interface CountComparison {
  table: string;
  expected: number | null;
  actual: number | null;
  ok: boolean;
}

/** Every table named on either side, with both counts; a table missing on one side is a mismatch. */
export function compareCounts(expected: Record<string, number>, actual: Record<string, number>): CountComparison[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.map((table) => {
    const e = expected[table] ?? null;
    const a = actual[table] ?? null;
    return { table, expected: e, actual: a, ok: e !== null && e === a };
  });
}

/** The comparison as a plain-text table for the terminal. */
export function formatComparison(rows: readonly CountComparison[]): string {
  const width = Math.max(5, ...rows.map((r) => r.table.length));
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(width)}  ${b.padStart(10)}  ${c.padStart(10)}  ${d}`;
  return [
    line("table", "manifest", "restored", ""),
    ...rows.map((r) => line(r.table, r.expected === null ? "—" : String(r.expected), r.actual === null ? "—" : String(r.actual), r.ok ? "ok" : "MISMATCH")),
  ].join("\n");
}
