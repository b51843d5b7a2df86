import { z } from "zod";
import { readFilters, type QueryParams, type ReadFilters } from "./filters";
import { KeysetCursor, withDateOrder } from "./keyset";
import { IdempotencyKey } from "./scan";
import { hasControlChars, text, textFilter } from "./text";
import { BILL_STATUSES } from "../domain";
import { MAX_RAW_QR_LENGTH } from "../qr";
import { istDay, istDayBounds } from "../time";

export const BILL_NUMBER_MAX = 50;
export const BILL_CAPACITY_MIN = 1;
export const BILL_CAPACITY_MAX = 500;
export const BILL_DESCRIPTION_MAX = 500;
export const BILL_CUSTOMER_MAX = 120;
export const BILL_VEHICLE_MAX = 20;
/** A report covers at most a year of IST days. */
export const BILL_SUMMARY_MAX_DAYS = 366;

// Invisible characters scanners and copy-paste bring along: zero-width, soft hyphen, BOM,
// and bidi controls. They are dropped from bill numbers, so what you see is what is stored.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// The bidi controls: refused in free text (spoofing).
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
// Letters, digits, space and / _ . - (GST invoice numbers use / and -); starts with a letter
// or digit so a bill number can never be "." or ".." in a URL path.
const BILL_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 /_.-]*$/;

/**
 * Trim, drop invisible characters, turn tabs/newlines/odd spaces into one space. Used on input
 * and on lookups (path segments, scans), so " inv-7\r\n" finds INV-7.
 */
export function normalizeBillNumber(raw: string): string {
  return raw.slice(0, 1000).replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** Why a normalized bill number is not acceptable, or null when it is. */
export function billNumberProblem(billNumber: string): string | null {
  if (billNumber === "") return "Enter a bill number.";
  if (billNumber.length > BILL_NUMBER_MAX) return `Bill number must be at most ${BILL_NUMBER_MAX} characters.`;
  if (hasControlChars(billNumber)) return "Bill number contains control characters.";
  if (!BILL_NUMBER.test(billNumber)) {
    return "Bill number may contain letters, digits, spaces and / _ . - only, and must start with a letter or digit.";
  }
  return null;
}

export const BillNumber = z
  .string({ error: (issue) => (issue.input === undefined ? "Enter a bill number." : "Bill number must be text.") })
  .max(1000, `Bill number must be at most ${BILL_NUMBER_MAX} characters.`)
  .transform((raw, ctx) => {
    const billNumber = normalizeBillNumber(raw);
    const problem = billNumberProblem(billNumber);
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return billNumber;
  });

const CAPACITY_MESSAGE = `Capacity must be a whole number from ${BILL_CAPACITY_MIN} to ${BILL_CAPACITY_MAX}.`;

// Forms send "12"; JSON sends 12. Only whole-number strings are converted, so true, [5] or
// "1e2" stay wrong types instead of being coerced into a capacity nobody typed.
function toCapacity(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const s = v.trim();
  if (s === "") return undefined;
  return /^[+-]?\d{1,6}$/.test(s) ? Number(s) : v;
}

const capacityNumber = z
  .number({
    error: (issue) =>
      issue.input === undefined
        ? `Enter the number of parent bags (${BILL_CAPACITY_MIN}–${BILL_CAPACITY_MAX}).`
        : CAPACITY_MESSAGE,
  })
  .int(CAPACITY_MESSAGE)
  .min(BILL_CAPACITY_MIN, CAPACITY_MESSAGE)
  .max(BILL_CAPACITY_MAX, CAPACITY_MESSAGE);

export const BillCapacity = z.preprocess(toCapacity, capacityNumber);
/** In an edit, a missing or blank capacity means "unchanged". */
const OptionalBillCapacity = z.preprocess(toCapacity, capacityNumber.optional());

/**
 * Optional free text: trimmed; "" or null clears it (→ null); undefined leaves it out.
 * Control characters are refused (newlines and tabs only where `multiline`), and so are the
 * bidi controls, which make a name display as something else.
 */
function optionalText(label: string, max: number, multiline = false) {
  return text(label, { multiline })
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((s) => !BIDI_CONTROL.test(s), `${label} contains control characters.`)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();
}

const optionalFields = {
  description: optionalText("Description", BILL_DESCRIPTION_MAX, true),
  customer: optionalText("Customer", BILL_CUSTOMER_MAX),
  vehicleNumber: optionalText("Vehicle number", BILL_VEHICLE_MAX),
};

const objectError = (example: string) => ({
  error: (issue: { code: string }) => (issue.code === "invalid_type" ? `Send a JSON object like ${example}.` : undefined),
});
const CREATE_EXAMPLE = `{"billNumber": "INV-2024-001", "capacity": 10}`;
const UPDATE_EXAMPLE = `{"capacity": 12, "customer": "Agro Traders"}`;

/**
 * A bill named by a path segment (or a bill page's bound argument): any text. It is looked up
 * normalized, and one that cannot exist is simply not found (404), never a 400.
 */
const BillRef = z.string({ error: "Bill number must be text." });

const createShape = { billNumber: BillNumber, capacity: BillCapacity, ...optionalFields };
const updateShape = { capacity: OptionalBillCapacity, ...optionalFields };

/** A new bill; unknown keys are ignored (forms carry extra fields). */
export const CreateBillInput = z.object(createShape, objectError(CREATE_EXAMPLE));
export type CreateBillInput = z.input<typeof CreateBillInput>;
/** POST /api/bills and the new-bill form: the same fields, and a typo'd key is an error rather than silently lost. */
export const CreateBillJson = z.strictObject(createShape, objectError(CREATE_EXAMPLE));

/** Editable fields; a field left out is unchanged. The bill number is the bill's identity. */
export const UpdateBillInput = z.object(updateShape, objectError(UPDATE_EXAMPLE));
export type UpdateBillInput = z.input<typeof UpdateBillInput>;
/** PATCH /api/bills/[billNumber] and the edit form: the path's bill and the fields to change. */
export const UpdateBillJson = z.strictObject({ billNumber: BillRef, ...updateShape }, objectError(UPDATE_EXAMPLE));

const billParentShape = {
  billNumber: BillRef,
  qr: z
    .string({ error: (issue) => (issue.input === undefined ? "qr is required." : "qr must be a string.") })
    .max(MAX_RAW_QR_LENGTH, `qr is too long (at most ${MAX_RAW_QR_LENGTH} characters).`),
};

/** DELETE /api/bills/[billNumber]/parents/[qr] (both fields from the path). */
export const BillParentJson = z.strictObject(billParentShape, objectError(`{"qr": "SB12345"}`));
export type BillParentJson = z.input<typeof BillParentJson>;

/** POST /api/bills/[billNumber]/parents: the parent scanned onto the bill, with the scan's optional idempotency key. */
export const AddBillParentJson = z.strictObject({ ...billParentShape, idempotencyKey: IdempotencyKey.optional() }, objectError(`{"qr": "SB12345"}`));
export type AddBillParentJson = z.input<typeof AddBillParentJson>;

/** complete / reopen / delete: only the path's bill; `{}` keeps the POSTs JSON like every other (CSRF rule). */
export const BillPathJson = z.strictObject({ billNumber: BillRef }, objectError("{}"));
export type BillPathJson = z.input<typeof BillPathJson>;

// ---- list and report filters -------------------------------------------------------------

const day = z.string().refine((s) => istDayBounds(s) !== null, "Use a date like 2025-03-31.");
// A bad or hostile choice is dropped, never an error page: filters are optional. Typed text (the
// creator filter) is refused by name instead: a 400 from the API, a notice on the page.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const BillListFilters = withDateOrder(
  z.object({
    /** Bill number prefix, case-insensitive. */
    q: optional(
      z
        .string()
        .transform((s) => normalizeBillNumber(s).toUpperCase().replace(/[^A-Z0-9 /_.-]/g, "").slice(0, BILL_NUMBER_MAX))
        .transform((s) => s || undefined),
    ),
    status: optional(z.enum(BILL_STATUSES)),
    from: optional(day),
    to: optional(day),
    /** Creator's username. */
    user: textFilter("User", 64),
    after: optional(KeysetCursor),
    // "Previous page": the bills just newer than this cursor (same format as `after`).
    before: optional(KeysetCursor),
    limit: optional(z.coerce.number().int().min(1).max(200)),
  }),
);
export type BillListFilters = z.output<typeof BillListFilters>;

/** Next's searchParams (or a URL's) → filters, and what was wrong with any left out. */
export function readBillListFilters(params: QueryParams): ReadFilters<BillListFilters> {
  return readFilters(BillListFilters, params);
}

/** Next's searchParams (or a URL's) → filters; a bad one is left out. */
export function parseBillListFilters(params: QueryParams): BillListFilters {
  return readBillListFilters(params).filters;
}

/** A report's range of IST days, both inclusive. */
export const BillSummaryRange = z
  .object({ from: day, to: day })
  .refine((r) => r.from <= r.to, { path: ["to"], message: "The end date must not be before the start date." })
  .refine(
    (r) => {
      const from = istDayBounds(r.from);
      const to = istDayBounds(r.to);
      return !from || !to || (to.start.getTime() - from.start.getTime()) / 86_400_000 < BILL_SUMMARY_MAX_DAYS;
    },
    { path: ["to"], message: `A report covers at most ${BILL_SUMMARY_MAX_DAYS} days.` },
  );
export type BillSummaryRange = z.output<typeof BillSummaryRange>;

/** A report's range from a query string: today (IST) when `from` is missing, one day when `to` is. */
export function reportRangeOf(from: string | undefined, to: string | undefined, now = new Date()): { from: string; to: string } {
  const start = from || istDay(now);
  return { from: start, to: to || start };
}
