import { sql, type SQL } from "drizzle-orm";

/** A literal SQL list `('a', 'b')` for CHECK constraints built from our const arrays. */
export function sqlList(values: readonly string[]): SQL {
  return sql.raw(`(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")})`);
}
