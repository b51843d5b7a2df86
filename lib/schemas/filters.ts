import type { z } from "zod";

/** A page's searchParams (Next) or a URL's query. */
export type QueryParams = Record<string, string | string[] | undefined> | URLSearchParams;

/** One value per key: a repeated key counts with its first value. */
export function firstValues(params: QueryParams): Record<string, string | undefined> {
  if (params instanceof URLSearchParams) return Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.get(k) ?? undefined]));
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

export interface ReadFilters<T> {
  filters: T;
  /** What was wrong with the filters left out, in words a page can show. */
  problems: string[];
}

/**
 * A list's filters from a query string (a schema whose fields are all optional). A filter that
 * fails is left out and its message kept, so one bad value neither fails the page nor widens
 * the list without saying so.
 */
export function readFilters<S extends z.ZodObject>(schema: S, params: QueryParams): ReadFilters<z.output<S>> {
  const values = firstValues(params);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { filters: parsed.data, problems: [] };
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")));
  const kept = schema.safeParse(Object.fromEntries(Object.entries(values).filter(([key]) => !bad.has(key))));
  return { filters: kept.success ? kept.data : schema.parse({}), problems: [...new Set(parsed.error.issues.map((issue) => issue.message))] };
}
