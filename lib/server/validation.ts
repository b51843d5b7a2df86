import "server-only";
import { z } from "zod";
import { ValidationError } from "./errors";

/** Parses with a zod schema or throws a ValidationError carrying per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join(".") || "input";
    (fields[key] ??= []).push(issue.message);
  }
  throw new ValidationError(parsed.error.issues.map((i) => i.message).join(" "), fields);
}
