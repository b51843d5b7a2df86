import { z } from "zod";

// zod → JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) with zod v4's own converter, so
// the document states exactly the rules the routes parse with. Refinements and transforms that
// JSON Schema cannot say (a real calendar day, a phone number's digits) stay the server's check.

export type JsonSchema = { [key: string]: unknown };

/**
 * `io: "input"` for what a client sends (before defaults and transforms), "output" for answers. A
 * Date (the pass form may hand one over in-process) travels in JSON as an ISO date-time string.
 */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === "date") {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.format = "date-time";
      }
    },
  }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

const isSchema = (value: unknown): value is JsonSchema => typeof value === "object" && value !== null && !Array.isArray(value);

/** An object schema's fields, also through an intersection (allOf of objects). */
export function objectFields(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const parts = Array.isArray(schema.allOf) ? schema.allOf.filter(isSchema) : [schema];
  for (const part of parts) {
    if (isSchema(part.properties)) for (const [name, value] of Object.entries(part.properties)) if (isSchema(value)) properties[name] = value;
    if (Array.isArray(part.required)) for (const name of part.required) if (typeof name === "string" && !required.includes(name)) required.push(name);
  }
  return { properties, required };
}

/** The schema without the object fields `keys` (through allOf too): what the path supplies. */
export function withoutFields(schema: JsonSchema, keys: readonly string[]): JsonSchema {
  if (keys.length === 0) return schema;
  const strip = (part: JsonSchema): JsonSchema => {
    const out: JsonSchema = { ...part };
    if (isSchema(part.properties)) out.properties = Object.fromEntries(Object.entries(part.properties).filter(([name]) => !keys.includes(name)));
    if (Array.isArray(part.required)) {
      const required = part.required.filter((name) => typeof name === "string" && !keys.includes(name));
      if (required.length > 0) out.required = required;
      else delete out.required;
    }
    if (Array.isArray(part.allOf)) out.allOf = part.allOf.filter(isSchema).map(strip);
    return out;
  };
  return strip(schema);
}

/**
 * An answer's schema as documentation: open objects (a DTO may gain keys without breaking
 * clients) and no "at most 2^53 − 1" on every count (zod's int() says it; JSON readers know it).
 */
export function asAnswer(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "additionalProperties" && value === false) continue;
    if ((key === "maximum" && value === Number.MAX_SAFE_INTEGER) || (key === "minimum" && value === Number.MIN_SAFE_INTEGER)) continue;
    if (Array.isArray(value)) out[key] = value.map((v) => (isSchema(v) ? asAnswer(v) : v));
    else out[key] = isSchema(value) ? asAnswer(value) : value;
  }
  return out;
}
