import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { copyFromStdin, type CopyWritable, type Tx } from "@/db/client";

// Rows reach PostgreSQL as a few array parameters per chunk (`unnest($1::text[], …)`), not one
// parameter per value: one text parameter per column holds an array literal, which both drivers
// pass through unchanged (a JS array would become one parameter per element in Drizzle).

/** An array literal of text values (null → NULL), for `${pgTextArray(values)}::text[]`. */
export function pgTextArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;
}

/** An array literal of integers, for `${pgIntArray(values)}::int[]` (or ::bigint[]). */
export function pgIntArray(values: readonly number[]): string {
  return `{${values.map((v) => String(Math.trunc(v))).join(",")}}`;
}

export const STAGING_CHUNK = 20_000;

export type Column = { name: string; type: "text" | "int" | "bigint"; values: readonly (string | null)[] | readonly number[] };

/** `select * from unnest(…) as t(…)` over one chunk of columns (all the same length). */
export function unnestRows(columns: readonly Column[], from: number, to: number): SQL {
  const args = columns.map((c) =>
    c.type === "text"
      ? sql`${pgTextArray((c.values as readonly (string | null)[]).slice(from, to))}::text[]`
      : sql`${pgIntArray((c.values as readonly number[]).slice(from, to))}::${sql.raw(c.type)}[]`,
  );
  return sql`select * from unnest(${sql.join(args, sql`, `)}) as t(${sql.raw(columns.map((c) => c.name).join(", "))})`;
}

/** A value in COPY's text format: `\N` for null; backslash, tab and line ends escaped. */
export function copyText(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(Math.trunc(value));
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

function writeChunk(stream: CopyWritable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** COPY … FROM STDIN in chunks (each written before the next is built: the stream's back-pressure). */
async function copyRows(stream: CopyWritable, columns: readonly Column[], total: number, onChunk?: (loaded: number) => Promise<void>): Promise<void> {
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  failed.catch(() => undefined);
  for (let from = 0; from < total; from += STAGING_CHUNK) {
    const to = Math.min(total, from + STAGING_CHUNK);
    let text = "";
    for (let i = from; i < to; i += 1) text += `${columns.map((c) => copyText(c.values[i] ?? null)).join("\t")}\n`;
    await Promise.race([writeChunk(stream, text), failed]);
    await onChunk?.(to);
  }
  await Promise.race([new Promise<void>((resolve) => stream.end(resolve)), failed]);
}

/**
 * Creates TEMP table `name` (dropped at commit) with `columns` and loads them: `COPY … FROM STDIN`
 * on PostgreSQL, `INSERT … SELECT * FROM unnest(…)` chunks on PGlite; `onChunk` reports progress
 * (rows loaded so far).
 */
export async function loadStaging(tx: Tx, name: string, columns: readonly Column[], onChunk?: (loaded: number) => Promise<void>): Promise<void> {
  const types = { text: "text", int: "int", bigint: "bigint" } as const;
  await tx.execute(sql.raw(`create temp table ${name} (${columns.map((c) => `${c.name} ${types[c.type]}`).join(", ")}) on commit drop`));
  const total = columns[0]?.values.length ?? 0;
  const copy = total > 0 ? await copyFromStdin(tx, `${name} (${columns.map((c) => c.name).join(", ")})`) : null;
  if (copy) await copyRows(copy, columns, total, onChunk);
  else {
    for (let from = 0; from < total; from += STAGING_CHUNK) {
      const to = Math.min(total, from + STAGING_CHUNK);
      await tx.execute(sql`insert into ${sql.raw(name)} ${unnestRows(columns, from, to)}`);
      await onChunk?.(to);
    }
  }
  await tx.execute(sql.raw(`analyze ${name}`));
}
