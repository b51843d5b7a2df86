import { z } from "zod";

/**
 * A list's keyset cursor: the (created_at, id) of the last row shown, created_at to the
 * microsecond as PostgreSQL keeps it (a millisecond cursor would skip rows written within the
 * same millisecond as a page's last row). Written `2026-11-30T10:00:00.123456Z_42`.
 */
export const KeysetCursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z_\d{1,15}$/)
  // A real instant (no month 13, no 30 February, no year 0): the query casts it to timestamptz.
  .refine((s) => isRealInstant(s.slice(0, 19)))
  .transform((s) => {
    const [createdAt = "", id = "0"] = s.split("_");
    return { createdAt, id: Number(id) };
  });
export type KeysetCursor = z.output<typeof KeysetCursor>;

/** "YYYY-MM-DDTHH:MM:SS" names an instant JavaScript and PostgreSQL both read as written. */
function isRealInstant(seconds: string): boolean {
  const time = Date.parse(`${seconds}Z`);
  return !seconds.startsWith("0000") && !Number.isNaN(time) && new Date(time).toISOString().startsWith(seconds);
}

/** A list's from/to filter the wrong way round (the bag and bill lists leave both out). */
const DATE_ORDER_MESSAGE = "The from date is after the to date.";

type DateRange = { from?: string | undefined; to?: string | undefined };
const inOrder = (f: DateRange) => !f.from || !f.to || f.from <= f.to;
// Checked even when another filter failed, so readFilters can leave out just the two dates.
const whenObject = (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null;

/**
 * A list filter schema whose reversed from/to dates fail on both fields (readFilters then leaves
 * both out and says so once), rather than listing nothing under "No … match".
 */
export function withDateOrder<S extends z.ZodType<DateRange>>(schema: S): S {
  return schema
    .refine(inOrder, { message: DATE_ORDER_MESSAGE, path: ["from"], when: whenObject })
    .refine(inOrder, { message: DATE_ORDER_MESSAGE, path: ["to"], when: whenObject });
}

/** The cursor of a row read with its `cursorAt` (see keysetCursorAt in lib/server). */
export function keysetCursorOf(row: { cursorAt: string; id: number }): string {
  return `${row.cursorAt}_${row.id}`;
}
