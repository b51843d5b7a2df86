import { z } from "zod";
import { BILL_STATUSES } from "../domain";
import { PORTAL_COLUMNS, PORTAL_PAGE_SIZES } from "../dto/portal";
import { istDayBounds } from "../time";
import { textFilter } from "./text";

// The portal's query (DESIGN.md §6b). Unlike the staff lists, a bad value is a 400 naming it,
// never a dropped filter: a dealer must not get a wider or different view than asked for.

export const PORTAL_SEARCH_MAX = 200;
/** A customer's code as the views make it: "C" and at least 4 digits. */
export const CustomerCode = z.string().regex(/^C\d{4,}$/i, "Customer must be a customer code like C0007.").transform((s) => s.toUpperCase());

const day = (label: string) => z.string().refine((s) => istDayBounds(s) !== null, `${label} must be a date like 2026-03-31.`);
const choice = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { message: `${label} must be one of: ${values.join(", ")}.` });

export const PortalFilters = z
  .object({
    q: textFilter("Search", PORTAL_SEARCH_MAX),
    customer: CustomerCode.optional(),
    status: choice(BILL_STATUSES, "Status").optional(),
    from: day("From").optional(),
    to: day("To").optional(),
    sort: choice(PORTAL_COLUMNS, "Sort").default("createdAt"),
    dir: choice(["asc", "desc"] as const, "Dir").default("desc"),
    /** An admin's "view as": the customer account (user id) whose scope to use. */
    as: z.uuid("View-as must be a customer account id.").optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "From is after To.", path: ["from"] });
export type PortalFilters = z.output<typeof PortalFilters>;

export const PortalListQuery = z.intersection(
  PortalFilters,
  z.object({
    /** Opaque, from the previous page's nextCursor. */
    cursor: z.string().max(1000, "Cursor is not valid.").optional(),
    limit: z.coerce
      .number({ message: "Limit must be 25, 50 or 100." })
      .refine((n) => (PORTAL_PAGE_SIZES as readonly number[]).includes(n), "Limit must be 25, 50 or 100.")
      .default(25),
  }),
);
export type PortalListQuery = z.output<typeof PortalListQuery>;

/** GET /api/portal/options: the cascading filters' choices after the ones already picked. */
export const PortalOptionsQuery = z.object({
  customer: CustomerCode.optional(),
  status: choice(BILL_STATUSES, "Status").optional(),
  as: z.uuid("View-as must be a customer account id.").optional(),
});
export type PortalOptionsQuery = z.output<typeof PortalOptionsQuery>;

/** /portal/bills/[billNumber]: any text (an unknown or malformed number answers 404 alike). */
export const PortalBillQuery = z.object({
  billNumber: z.string(),
  as: z.uuid("View-as must be a customer account id.").optional(),
});
