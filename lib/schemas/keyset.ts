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
export const DATE_ORDER_MESSAGE = "The from date is after the to date.";

/** The cursor of a row read with its `cursorAt` (see keysetCursorAt in lib/server). */
export function keysetCursorOf(row: { cursorAt: string; id: number }): string {
  return `${row.cursorAt}_${row.id}`;
}
