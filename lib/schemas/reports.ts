import { z } from "zod";
import { istDay, istDayBounds } from "../time";
import { text } from "./text";

/**
 * The end-of-day summary's day (IST): YYYY-MM-DD, a real calendar day, not after today (IST);
 * left out or blank means today. `now` is the clock the check reads (today moves at IST midnight).
 */
export function eodQuery(now: () => Date = () => new Date()) {
  return z.object({
    date: text("Date")
      .max(10, "Date must be a day like 2025-03-31.")
      .optional()
      .transform((s) => s || istDay(now()))
      .refine((s) => istDayBounds(s) !== null, "Date must be a real day like 2025-03-31.")
      .refine((s) => s <= istDay(now()), "Date must not be in the future (IST)."),
  });
}
export const EodQuery = eodQuery();
export type EodQuery = z.output<typeof EodQuery>;
