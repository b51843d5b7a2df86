import { z } from "zod";
import { readFilters, type QueryParams, type ReadFilters } from "./filters";
import { KeysetCursor, withDateOrder } from "./keyset";
import { text, textFilter } from "./text";
import { isVehicleNumber, normalizeIndianPhone, normalizeVehicleNumber, PASS_DEFAULT_HOURS, PASS_MAX_HOURS } from "../passes";
import { istDayBounds } from "../time";

// The gate passes' inputs (DESIGN.md §6b, issue 14): issue, revoke, a code from a path, the list's
// filters. Rules that need the clock (the window against "now") are in passWindowProblems, which
// the issuing verb runs with its own clock; the form may run it too.

export const PASS_NAME_MIN = 2;
export const PASS_NAME_MAX = 100;
export const PASS_NOTES_MAX = 500;
export const PASS_REASON_MIN = 3;
export const PASS_REASON_MAX = 200;
/** How far ahead a pass may start. */
export const PASS_MAX_DAYS_AHEAD = 7;
export const PASS_SEARCH_MAX = 100;

const HOUR_MS = 3_600_000;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

const objectError = (example: string) => ({
  error: (issue: { code: string }) => (issue.code === "invalid_type" ? `Send a JSON object like ${example}.` : undefined),
});

function name(label: string) {
  return text(label, { missing: `Enter the ${label.toLowerCase()}.` })
    .min(PASS_NAME_MIN, `${label} must be at least ${PASS_NAME_MIN} characters.`)
    .max(PASS_NAME_MAX, `${label} must be at most ${PASS_NAME_MAX} characters.`)
    .refine((s) => !BIDI_CONTROL.test(s), `${label} contains control characters.`);
}

export function phone(label: string) {
  return text(label, { missing: `Enter the ${label.toLowerCase()}.` })
    .max(40, `${label} must be a 10-digit Indian mobile number (optionally with +91).`)
    .transform((raw, ctx) => {
      const normalized = normalizeIndianPhone(raw);
      if (!normalized) {
        ctx.addIssue({ code: "custom", message: `${label} must be a 10-digit Indian mobile number (optionally with +91).` });
        return z.NEVER;
      }
      return normalized;
    });
}

/** "" and null (a form's empty field) are "not given". */
export const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

const VehicleNumber = text("Vehicle number", { missing: "Enter the vehicle number." })
  .max(30, "Vehicle number is too long.")
  .transform((raw, ctx) => {
    const vehicle = normalizeVehicleNumber(raw);
    if (!isVehicleNumber(vehicle)) {
      ctx.addIssue({
        code: "custom",
        message: raw === "" ? "Enter the vehicle number." : "Vehicle number must be an Indian registration like RJ14GB1234 (or 22BH1234AB).",
      });
      return z.NEVER;
    }
    return vehicle;
  });

// "2026-12-01T10:00" (a datetime-local field, no zone): an IST wall-clock time.
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(?:\.\d{1,3})?)?$/;
// Anything else must name its zone: "2026-12-01T04:30:00Z", "…+05:30".
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant as JSON or a form sends it; a time without a zone is IST. Null when unreadable. */
export function parsePassTime(value: string): Date | null {
  const s = value.trim();
  const local = LOCAL_TIME.exec(s);
  const iso = local ? `${local[1]}T${local[2]}${local[3] ?? ":00"}+05:30` : ZONED_TIME.test(s) ? s : null;
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

function instant(label: string) {
  return z.preprocess(
    blankToUndefined,
    z
      .union([z.date(), z.string().max(40)], { error: `${label} must be a date and time like 2026-12-01T10:00 (IST) or an ISO time with its zone.` })
      .transform((v, ctx) => {
        const d = v instanceof Date ? v : parsePassTime(v);
        if (!d || Number.isNaN(d.getTime())) {
          ctx.addIssue({ code: "custom", message: `${label} must be a date and time like 2026-12-01T10:00 (IST) or an ISO time with its zone.` });
          return z.NEVER;
        }
        return d;
      })
      .optional(),
  );
}

const optionalName = (label: string) => z.preprocess(blankToUndefined, name(label).optional());
const optionalPhone = (label: string) => z.preprocess(blankToUndefined, phone(label).optional());

const ISSUE_EXAMPLE = `{"billNumber": "INV-1", "driverName": "Ramesh Kumar", "driverPhone": "9829012345", "vehicleNumber": "RJ14GB1234"}`;

/** POST /api/passes and the issue form. A bill named that cannot exist is simply not found (404). */
export const IssuePassJson = z
  .strictObject(
    {
      billNumber: z.string({ error: (i) => (i.input === undefined ? "Enter a bill number." : "Bill number must be text.") }).max(1000, "Bill number is too long."),
      driverName: name("Driver name"),
      driverPhone: phone("Driver phone"),
      coDriverName: optionalName("Co-driver name"),
      coDriverPhone: optionalPhone("Co-driver phone"),
      vehicleNumber: VehicleNumber,
      validFrom: instant("Valid from"),
      validUntil: instant("Valid until"),
      notes: z.preprocess(
        blankToUndefined,
        text("Notes", { multiline: true })
          .max(PASS_NOTES_MAX, `Notes must be at most ${PASS_NOTES_MAX} characters.`)
          .refine((s) => !BIDI_CONTROL.test(s), "Notes contains control characters.")
          .optional(),
      ),
    },
    objectError(ISSUE_EXAMPLE),
  )
  .superRefine((p, ctx) => {
    if (p.coDriverPhone !== undefined && p.coDriverName === undefined) {
      ctx.addIssue({ code: "custom", path: ["coDriverName"], message: "Enter the co-driver's name with their phone, or leave both empty." });
    }
    if (p.coDriverName !== undefined && p.coDriverPhone === undefined) {
      ctx.addIssue({ code: "custom", path: ["coDriverPhone"], message: "Enter the co-driver's phone with their name, or leave both empty." });
    }
  });
export type IssuePassJson = z.input<typeof IssuePassJson>;
export type IssuePassInput = z.output<typeof IssuePassJson>;

/** The window a pass gets: validFrom defaults to now, validUntil to validFrom + PASS_DEFAULT_HOURS. */
export function passWindowOf(input: { validFrom?: Date | undefined; validUntil?: Date | undefined }, now: Date): { validFrom: Date; validUntil: Date } {
  const validFrom = input.validFrom ?? now;
  const validUntil = input.validUntil ?? new Date(validFrom.getTime() + PASS_DEFAULT_HOURS * HOUR_MS);
  return { validFrom, validUntil };
}

/** What is wrong with a window at `now`, per field (empty when it is fine). */
export function passWindowProblems(window: { validFrom: Date; validUntil: Date }, now: Date): Record<string, string[]> {
  const { validFrom, validUntil } = window;
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => (problems[field] ??= []).push(message);
  if (validUntil.getTime() <= validFrom.getTime()) add("validUntil", "Valid until must be after valid from.");
  else if (validUntil.getTime() - validFrom.getTime() > PASS_MAX_HOURS * HOUR_MS) add("validUntil", `A pass is valid for at most ${PASS_MAX_HOURS} hours.`);
  if (validUntil.getTime() <= now.getTime()) add("validUntil", "Valid until is already in the past.");
  if (validFrom.getTime() > now.getTime() + PASS_MAX_DAYS_AHEAD * 24 * HOUR_MS) {
    add("validFrom", `Valid from may be at most ${PASS_MAX_DAYS_AHEAD} days ahead.`);
  }
  return problems;
}

// text(): a NUL or other control character is refused here (PostgreSQL cannot even compare one).
const PassCode = text("Pass code", { missing: "Enter a pass code." })
  .max(100, "Pass code is too long.")
  // Codes are stored uppercase; a typed "gp-20261201-0001" finds its pass. One that cannot exist is not found (404).
  .transform((s) => s.toUpperCase());

/** GET /api/passes/[code], its history and print: the code from the path. */
export const PassCodeJson = z.strictObject({ code: PassCode }, objectError(`{"code": "GP-20261201-0001"}`));
export type PassCodeJson = z.input<typeof PassCodeJson>;

/** POST /api/passes/[code]/revoke `{reason}` (the code from the path). */
export const RevokePassJson = z.strictObject(
  {
    code: PassCode,
    reason: text("Reason", { missing: "Enter a reason for revoking the pass." })
      .min(PASS_REASON_MIN, `The reason must be at least ${PASS_REASON_MIN} characters.`)
      .max(PASS_REASON_MAX, `The reason must be at most ${PASS_REASON_MAX} characters.`)
      .refine((s) => !BIDI_CONTROL.test(s), "Reason contains control characters."),
  },
  objectError(`{"reason": "Truck broke down; new pass issued."}`),
);
export type RevokePassJson = z.input<typeof RevokePassJson>;

// ---- the list's filters ------------------------------------------------------------------

/** The list's status filter: what a pass is now (not_yet_valid counts as active). */
export const PASS_FILTER_STATUSES = ["active", "used", "expired", "revoked"] as const;
export type PassFilterStatus = (typeof PASS_FILTER_STATUSES)[number];

const day = z.string().refine((s) => istDayBounds(s) !== null, "Use a date like 2025-03-31.");
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const PassFilters = withDateOrder(
  z.object({
    /** Part of a code, vehicle number, driver name or bill number; case-insensitive. */
    q: textFilter("Search", PASS_SEARCH_MAX),
    /** "" (all) or one of PASS_FILTER_STATUSES. */
    status: optional(z.enum(PASS_FILTER_STATUSES)),
    /** created_at, IST days inclusive. */
    from: optional(day),
    to: optional(day),
    after: optional(KeysetCursor),
    /** DESIGN.md §6b's name for `after`. */
    cursor: optional(KeysetCursor),
    limit: optional(z.coerce.number().int().min(1).max(200)),
  }),
);
export type PassFilters = z.output<typeof PassFilters>;

/** Next's searchParams (or a URL's) → filters, and what was wrong with any left out. */
export function readPassFilters(params: QueryParams): ReadFilters<PassFilters> {
  return readFilters(PassFilters, params);
}
