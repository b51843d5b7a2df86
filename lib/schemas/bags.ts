import { z } from "zod";
import { KeysetCursor } from "./keyset";
import { BAG_TYPES, DISPATCH_AREAS } from "../domain";
import { normalizeQr } from "../qr";
import { istDayBounds } from "../time";

const day = z.string().refine((s) => istDayBounds(s) !== null);
// A bad or hostile query-string value is dropped, never an error page: filters are optional.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const BagListFilters = z.object({
  q: optional(
    z
      .string()
      .transform((s) => normalizeQr(s).replace(/[^A-Z0-9-]/g, "").slice(0, 20))
      .transform((s) => s || undefined),
  ),
  type: optional(z.enum(BAG_TYPES)),
  area: optional(z.enum(DISPATCH_AREAS)),
  from: optional(day),
  to: optional(day),
  linked: optional(z.enum(["linked", "unlinked"])),
  billed: optional(z.enum(["billed", "unbilled"])),
  user: optional(
    z
      .string()
      .trim()
      .max(64)
      .transform((s) => s || undefined),
  ),
  after: optional(KeysetCursor),
});
export type BagListFilters = z.output<typeof BagListFilters>;

type SearchParams = Record<string, string | string[] | undefined>;

/** Next's searchParams → filters; repeated keys use their first value. */
export function parseBagListFilters(params: SearchParams): BagListFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return BagListFilters.parse(flat);
}
