import { sql } from "drizzle-orm";
import type { Db, DbHandle } from "@/db/client";
import { gatePasses } from "@/db/schema";
import { getEnv } from "@/lib/server/env";
import { signPassCode } from "@/lib/server/passes/signature";
import type { Actor } from "@/lib/server/service";

// Minimal gate fixtures for the gate's tests: a pass row inserted directly (any window, any code),
// with its signed QR text. Completed bills come from pass-factories.ts; issuing has its own tests.

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
