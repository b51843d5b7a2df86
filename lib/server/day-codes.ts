import "server-only";
import { sql } from "drizzle-orm";
import { selectRows, type Tx } from "@/db/client";
import { gatePassDays, returnTicketDays } from "@/db/schema";
import { istDay } from "@/lib/time";

// Codes numbered per IST day — gate passes "GP-20261201-0007", return tickets "RTN-20261201-0007" —
// each from its own table of the last number handed out per day.
const DAY_TABLES = { GP: gatePassDays, RTN: returnTicketDays } as const;
export type DayCodePrefix = keyof typeof DAY_TABLES;

/** "GP-20261201-0007": the prefix, the IST day and its number, four digits (more once a day passes 9999). */
export function dayCodeOf(prefix: DayCodePrefix, day: string, seq: number): string {
  return `${prefix}-${day.replaceAll("-", "")}-${String(seq).padStart(4, "0")}`;
}

/**
 * The next code of `now`'s IST day, taken inside the creating transaction: the day's row is
 * created or bumped and stays locked until commit, so concurrent creators queue on it and a
 * rolled-back create gives its number back (no gaps, no duplicates).
 */
export async function nextDayCode(tx: Tx, prefix: DayCodePrefix, now: Date): Promise<string> {
  const table = DAY_TABLES[prefix];
  const day = istDay(now);
  const [row] = await selectRows<{ last_seq: number }>(
    tx,
    sql`insert into ${table} (day, last_seq) values (${day}::date, 1)
        on conflict (day) do update set last_seq = ${table}.last_seq + 1
        returning last_seq`,
  );
  if (!row) throw new Error(`${prefix} day counter returned no row`);
  return dayCodeOf(prefix, day, Number(row.last_seq));
}
