import { z } from "zod";
import { DISPATCH_AREAS } from "../../domain";

// The answers' shapes for the OpenAPI document. The DTOs (lib/dto/**) are TypeScript interfaces,
// not zod schemas, so these restate their documented keys (DESIGN.md §6/§6b); nested objects are
// open (more keys may come), and times are ISO 8601 strings as JSON carries them.

export const dateTime = z.string().meta({ format: "date-time" });
export const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();
export const count = z.number().int().min(0);
export const kg = z.number();
export const area = z.enum(DISPATCH_AREAS);
/** An object documented by its main keys; the DTO may carry more. */
export const open = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape);
export const replayed = z.literal(true).optional().meta({ description: "Set when this is the first answer to a repeated idempotency key." });

/** `{error:{code,message,fields?}}`: every refusal (DESIGN.md §6); a few carry details beside them. */
export const ErrorBody = open({
  error: open({
    code: z.string().meta({ description: "snake_case, stable: what a program branches on." }),
    message: z.string().meta({ description: "A sentence for people (English)." }),
    fields: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Per-field messages of a 400, by dotted path." }),
  }),
});
