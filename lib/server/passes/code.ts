import "server-only";
import type { Tx } from "@/db/client";
import { dayCodeOf, nextDayCode } from "../day-codes";

/** "GP-20261201-0007": the IST day and its number (gate_pass_days). */
export const passCodeOf = (day: string, seq: number): string => dayCodeOf("GP", day, seq);

/** The next pass code of `now`'s IST day, inside the issuing transaction (no gaps, no duplicates). */
export const nextPassCode = (tx: Tx, now: Date): Promise<string> => nextDayCode(tx, "GP", now);
