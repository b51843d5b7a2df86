import { eq, sql } from "drizzle-orm";
import type { Db, DbHandle } from "@/db/client";
import { bills, gatePasses } from "@/db/schema";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import { getEnv } from "@/lib/server/env";
import { signPassCode } from "@/lib/server/passes/signature";
import type { Actor } from "@/lib/server/service";
import { makeBill, makeParent, type Labels } from "./bill-factories";
import { ctxOf } from "./context";

// Minimal gate fixtures for the gate's tests: a completed bill (through the real verbs) and a
// pass row inserted directly, with its signed QR text. Pass issuing has its own tests.

/** A bill of one full parent, created, loaded and completed as a biller would. */
export async function makeCompletedBill(db: Db, biller: Actor, labels: Labels, input: Record<string, unknown> = {}) {
  const bill = await makeBill(db, biller, labels, { capacity: 1, ...input });
  const parent = await makeParent(db, labels);
  await addParentToBill(ctxOf(db, biller), { billNumber: bill.billNumber, qr: parent.qr });
  await completeBill(ctxOf(db, biller), { billNumber: bill.billNumber });
  const [row] = await db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, bill.billNumber));
  if (!row) throw new Error("bill not found");
  return { ...bill, id: row.id, parentQr: parent.qr };
}

let passSeq = 0;
const HOUR = 60 * 60 * 1000;

export interface MadePass {
  id: number;
  code: string;
  payload: string;
  vehicleNumber: string;
}

/** An active pass for bill `billId`, valid from an hour ago for `hours` (or the window given). */
export async function makeGatePass(
  db: Db,
  billId: number,
  issuer: Actor,
  options: { validFrom?: Date; validUntil?: Date; vehicleNumber?: string; code?: string } = {},
): Promise<MadePass> {
  passSeq += 1;
  const code = options.code ?? `GP-20261201-${String(passSeq).padStart(4, "0")}`;
  const validFrom = options.validFrom ?? new Date(Date.now() - HOUR);
  const validUntil = options.validUntil ?? new Date(validFrom.getTime() + 12 * HOUR);
  const vehicleNumber = options.vehicleNumber ?? "RJ14GB1234";
  const [row] = await db
    .insert(gatePasses)
    .values({ code, billId, driverName: "Ramesh Kumar", driverPhone: "9829012345", vehicleNumber, validFrom, validUntil, issuedBy: issuer.id })
    .returning({ id: gatePasses.id });
  if (!row) throw new Error("pass not inserted");
  const [secret] = getEnv().gatePassSecrets;
  return { id: row.id, code, payload: signPassCode(code, secret ?? ""), vehicleNumber };
}

/** Empties what the gate tests write, keeping users. */
export async function truncateGateData(handle: DbHandle): Promise<void> {
  await handle.rows(sql`truncate table gate_passes, gate_pass_days, audit_log, scans, bill_bags, bills, links, bags restart identity cascade`);
}
