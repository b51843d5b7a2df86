import "server-only";
import type { z } from "zod";
import { ValidationError } from "./errors";

/** zod issues → messages per field, keyed by the dotted path ("input" for the whole value). */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) (fields[issue.path.map(String).join(".") || "input"] ??= []).push(issue.message);
  return fields;
}

/** Parses with a zod schema or throws a ValidationError carrying per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(parsed.error.issues.map((i) => i.message).join(" "), fieldErrors(parsed.error.issues));
}
