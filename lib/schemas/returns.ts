import { z } from "zod";
import { DISPATCH_AREAS, RETURN_TICKET_STATUSES } from "../domain";
import { readFilters, type QueryParams, type ReadFilters } from "./filters";
import { KeysetCursor } from "./keyset";
import { ScanParentInput } from "./scan";
import { text, textFilter } from "./text";

// Return tickets (IPT, DESIGN.md §3 and §6b): create, edit, scan a returned parent, the list's
// filters, and a ticket code from a path.

export const RETURN_NOTES_MAX = 500;
export const RETURN_SEARCH_MAX = 100;
/** RTN-YYYYMMDD-NNNN (four digits, more once a day passes 9999), as the table's CHECK says. */
export const RETURN_CODE_PATTERN = /^RTN-\d{8}-\d{4,9}$/;

const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

const objectError = (example: string) => ({
  error: (issue: { code: string }) => (issue.code === "invalid_type" ? `Send a JSON object like ${example}.` : undefined),
});

/** "" and null (a form's empty field) are "not given". */
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

const Area = z.enum(DISPATCH_AREAS, {
  error: (issue) => (issue.input === undefined ? "Choose the C&F location (a dispatch area)." : `area must be one of: ${DISPATCH_AREAS.join(", ")}.`),
});

const Notes = text("Notes", { multiline: true })
  .max(RETURN_NOTES_MAX, `Notes must be at most ${RETURN_NOTES_MAX} characters.`)
  .refine((s) => !BIDI_CONTROL.test(s), "Notes contains control characters.");

/**
 * A ticket code as typed or taken from a path: any text, uppercased. Whether it can name a ticket
 * at all (RTN-YYYYMMDD-NNNN) is decided by lookupReturnCode before any row is read.
 */
const TicketCode = text("Ticket code", { missing: "Enter a ticket code." })
  .max(100, "Ticket code is too long.")
  .transform((s) => s.toUpperCase());

/** The code, when it could name a ticket; null otherwise (then it is simply not found). */
export function lookupReturnCode(code: string): string | null {
  const upper = code.trim().toUpperCase();
  return RETURN_CODE_PATTERN.test(upper) ? upper : null;
}

/** Whether a path segment could be a ticket code (pages answer not-found before any query). */
export function mayBeReturnCode(code: string): boolean {
  return lookupReturnCode(code) !== null;
}

const CREATE_EXAMPLE = `{"area": "lucknow", "notes": "Dealer returned 4 bags"}`;

/** POST /api/returns and the new-ticket form. */
export const CreateReturnJson = z.strictObject(
  {
    area: Area,
    notes: z.preprocess(blankToUndefined, Notes.optional()),
  },
  objectError(CREATE_EXAMPLE),
);
export type CreateReturnJson = z.input<typeof CreateReturnJson>;

/** PATCH /api/returns/[code] and the edit form: a field left out is unchanged; notes "" clears them. */
export const UpdateReturnJson = z
  .strictObject(
    {
      code: TicketCode,
      area: z.preprocess(blankToUndefined, Area.optional()),
      // null or "" clears the notes; left out keeps them.
      notes: z.union([z.null(), z.literal(""), Notes]).optional(),
    },
    objectError(`{"notes": "Two bags torn"}`),
  )
  .refine((v) => v.area !== undefined || v.notes !== undefined, { message: "Send area or notes to change.", path: ["input"] });
export type UpdateReturnJson = z.input<typeof UpdateReturnJson>;

/** POST /api/returns/[code]/bags `{qr}`: the QR's shape only; classifyQr decides what it is. */
export const ReturnScanJson = z.strictObject({ code: TicketCode, qr: ScanParentInput.shape.qr }, objectError(`{"qr": "SB12345"}`));
export type ReturnScanJson = z.input<typeof ReturnScanJson>;

/** GET /api/returns/[code], finalize, cancel: only the path's code (`{}` keeps the POSTs JSON). */
export const ReturnCodeJson = z.strictObject({ code: TicketCode }, objectError("{}"));
export type ReturnCodeJson = z.input<typeof ReturnCodeJson>;

// ---- the list's filters ------------------------------------------------------------------

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const ReturnFilters = z.object({
  /** Part of a ticket code or its notes; case-insensitive. */
  q: textFilter("Search", RETURN_SEARCH_MAX),
  /** "" (all) or open / finalized / cancelled. */
  status: optional(z.enum(RETURN_TICKET_STATUSES)),
  after: optional(KeysetCursor),
  /** DESIGN.md §6b's name for `after`. */
  cursor: optional(KeysetCursor),
  limit: optional(z.coerce.number().int().min(1).max(200)),
});
export type ReturnFilters = z.output<typeof ReturnFilters>;

/** Next's searchParams (or a URL's) → filters, and what was wrong with any left out. */
export function readReturnFilters(params: QueryParams): ReadFilters<ReturnFilters> {
  return readFilters(ReturnFilters, params);
}
