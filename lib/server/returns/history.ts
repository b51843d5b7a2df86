import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { billReturnEvents, bills, returnTickets, users } from "@/db/schema";
import type { BillReturnEventDto } from "@/lib/dto/returns";
import { billNumberIs } from "../bills/bill-number";

/** How many lines of return history a bill page shows (a bill holds at most 500 parents). */
export const BILL_RETURN_HISTORY_MAX = 1000;

/** A bill's return history (bill_return_events), newest first, by bill number; [] for an unknown bill. */
export async function billReturnHistory(conn: Db | Tx, billNumber: string): Promise<BillReturnEventDto[]> {
  return conn
    .select({
      id: billReturnEvents.id,
      at: billReturnEvents.at,
      kind: billReturnEvents.kind,
      ticketCode: returnTickets.code,
      bagQr: billReturnEvents.bagQr,
      linkedBefore: billReturnEvents.linkedBefore,
      linkedAfter: billReturnEvents.linkedAfter,
      actualWeightBeforeKg: billReturnEvents.actualWeightBeforeKg,
      actualWeightAfterKg: billReturnEvents.actualWeightAfterKg,
      expectedWeightBeforeKg: billReturnEvents.expectedWeightBeforeKg,
      expectedWeightAfterKg: billReturnEvents.expectedWeightAfterKg,
      by: users.username,
    })
    .from(billReturnEvents)
    .innerJoin(bills, eq(bills.id, billReturnEvents.billId))
    .leftJoin(returnTickets, eq(returnTickets.id, billReturnEvents.ticketId))
    .leftJoin(users, eq(users.id, billReturnEvents.byUser))
    .where(billNumberIs(billNumber))
    .orderBy(desc(billReturnEvents.at), desc(billReturnEvents.id))
    .limit(BILL_RETURN_HISTORY_MAX);
}
