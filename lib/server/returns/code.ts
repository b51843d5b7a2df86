import "server-only";
import type { Tx } from "@/db/client";
import { nextDayCode } from "../day-codes";

/** The next ticket code ("RTN-20261201-0007", return_ticket_days) of `now`'s IST day, inside the creating transaction (no gaps, no duplicates). */
export const nextReturnCode = (tx: Tx, now: Date): Promise<string> => nextDayCode(tx, "RTN", now);
