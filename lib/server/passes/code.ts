import "server-only";
import { sql } from "drizzle-orm";
import { selectRows, type Tx } from "@/db/client";
import { gatePassDays } from "@/db/schema";
import { istDay } from "@/lib/time";

/** "GP-20261201-0007": the IST day and its number, four digits (more once a day passes 9999). */
export function passCodeOf(day: string, seq: number): string {
  return `GP-${day.replaceAll("-", "")}-${String(seq).padStart(4, "0")}`;
}

/**
 * The next pass code of `now`'s IST day, taken inside the issuing transaction: the day's row is
 * created or bumped and stays locked until commit, so concurrent issuers queue on it and a
 * rolled-back issue gives its number back (no gaps, no duplicates).
 */
export async function nextPassCode(tx: Tx, now: Date): Promise<string> {
  const day = istDay(now);
  const [row] = await selectRows<{ last_seq: number }>(
    tx,
    sql`insert into ${gatePassDays} (day, last_seq) values (${day}::date, 1)
        on conflict (day) do update set last_seq = ${gatePassDays}.last_seq + 1
        returning last_seq`,
  );
  if (!row) throw new Error("gate_pass_days returned no row");
  return passCodeOf(day, Number(row.last_seq));
}
