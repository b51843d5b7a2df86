import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { bills, gatePasses, users } from "@/db/schema";
import type { PassStatus } from "@/lib/domain";
import { passStatusOf } from "@/lib/passes";
import { billNumberIs } from "./bill-number";

/** What a bill's page and dispatch sheet show of the truck's gate pass. */
export interface BillPass {
  code: string;
  status: PassStatus;
  driverName: string;
  driverPhone: string;
  coDriverName: string | null;
  coDriverPhone: string | null;
  vehicleNumber: string;
  usedAt: Date | null;
  usedBy: string | null;
}

const gateUser = alias(users, "bill_pass_gate_user");

/**
 * The bill's newest pass that was not revoked (active, used, or superseded by time), or null.
 * `billNumber` as the bill itself spells it (any case finds it).
 */
export async function latestPassOfBill(db: Db, billNumber: string, now = new Date()): Promise<BillPass | null> {
  const [row] = await db
    .select({
      code: gatePasses.code,
      state: gatePasses.state,
      validFrom: gatePasses.validFrom,
      validUntil: gatePasses.validUntil,
      driverName: gatePasses.driverName,
      driverPhone: gatePasses.driverPhone,
      coDriverName: gatePasses.coDriverName,
      coDriverPhone: gatePasses.coDriverPhone,
      vehicleNumber: gatePasses.vehicleNumber,
      usedAt: gatePasses.usedAt,
      usedBy: gateUser.username,
    })
    .from(gatePasses)
    .innerJoin(bills, eq(bills.id, gatePasses.billId))
    .leftJoin(gateUser, eq(gateUser.id, gatePasses.usedBy))
    .where(and(billNumberIs(billNumber), ne(gatePasses.state, "revoked")))
    .orderBy(desc(gatePasses.createdAt), desc(gatePasses.id))
    .limit(1);
  if (!row) return null;
  const { state, validFrom, validUntil, ...pass } = row;
  return { ...pass, status: passStatusOf({ state, usedAt: row.usedAt, validFrom, validUntil }, now) };
}
