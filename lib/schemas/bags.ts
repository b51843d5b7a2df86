import { z } from "zod";
import { readFilters, type QueryParams, type ReadFilters } from "./filters";
import { KeysetCursor, withDateOrder } from "./keyset";
import { text, textFilter } from "./text";
import { BAG_STATUSES, BAG_TYPES, DISPATCH_AREAS } from "../domain";
import { normalizeQr } from "../qr";
import { istDayBounds } from "../time";

const day = z.string().refine((s) => istDayBounds(s) !== null);
// A bad or hostile choice is dropped, never an error page: filters are optional. Typed text (the
// user filter) is refused by name instead, so the page can say why it was left out.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const BagListFilters = withDateOrder(
  z.object({
    q: optional(
      z
        .string()
        .transform((s) => normalizeQr(s).replace(/[^A-Z0-9-]/g, "").slice(0, 20))
        .transform((s) => s || undefined),
    ),
    type: optional(z.enum(BAG_TYPES)),
    // A parent's packing state (Empty / Packing / Complete or finished); it implies parents only.
    status: optional(z.enum(BAG_STATUSES)),
    area: optional(z.enum(DISPATCH_AREAS)),
    from: optional(day),
    to: optional(day),
    linked: optional(z.enum(["linked", "unlinked"])),
    billed: optional(z.enum(["billed", "unbilled"])),
    user: textFilter("User", 64),
    after: optional(KeysetCursor),
    // "Previous page": the rows just newer than this cursor (same format as `after`).
    before: optional(KeysetCursor),
  }),
);
export type BagListFilters = z.output<typeof BagListFilters>;

/** Next's searchParams → filters, and what was wrong with any left out. */
export function readBagListFilters(params: QueryParams): ReadFilters<BagListFilters> {
  return readFilters(BagListFilters, params);
}

/** Next's searchParams → filters; a bad one is left out. */
export function parseBagListFilters(params: QueryParams): BagListFilters {
  return readBagListFilters(params).filters;
}

/** DELETE /api/bag/{qr} and the bag page's "Delete bag": the bag's label as scanned or stored. */
export const DeleteBagInput = z.object({
  qr: text("QR", { missing: "Enter the bag's QR." }).min(1, "Enter the bag's QR.").max(256, "QR must be at most 256 characters."),
});
