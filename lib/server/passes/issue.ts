import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bills, gatePasses } from "@/db/schema";
import type { PassDto } from "@/lib/dto/passes";
import { can } from "@/lib/permissions";
import { IssuePassJson, passWindowOf, passWindowProblems } from "@/lib/schemas/passes";
import { audit } from "../audit";
import { billNotFound, billNumberIs, lookupBillNumber } from "../bills/bill-number";
import { inTransaction, type ConstraintErrors } from "../db-errors";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { nextPassCode } from "./code";
import { passDtoOf, selectPasses } from "./read";

/** Races the locks did not foresee but the database refused: the right 409, not a 500. */
export const PASS_CONSTRAINTS: ConstraintErrors = {
  gate_passes_bill_active_unique: () => new ConflictError("pass_exists", "This bill already has an active gate pass.").say({}, "pass_exists_race"),
};

export function assertMayManagePasses(ctx: ServiceContext, what: "issue" | "revoke" | "print" | "export"): void {
  if (!can(ctx.actor.role, "passes:manage")) throw new ForbiddenError(`Only billers and admins can ${what} gate passes.`).say({ what }, "pass_manage_forbidden");
}

/** The bill a pass is issued for, locked until commit: two issuers of one bill queue here. */
async function lockBillForPass(tx: Tx, billNumber: string) {
  const [bill] = await tx
    .select({ id: bills.id, billNumber: bills.billNumber, status: bills.status })
    .from(bills)
    .where(billNumberIs(billNumber))
    .limit(1)
    .for("update");
  if (!bill) throw billNotFound(billNumber);
  if (bill.status === "dispatched") {
    throw new ConflictError("bill_not_completed", `Bill ${bill.billNumber} was already dispatched: its truck has left through the gate, so it needs no new pass.`).say(
      { bill: bill.billNumber },
      "pass_bill_dispatched",
    );
  }
  if (bill.status !== "completed") {
    throw new ConflictError("bill_not_completed", `Bill ${bill.billNumber} is ${bill.status}, not completed. Complete the bill before issuing a gate pass.`).say(
      { bill: bill.billNumber, status: bill.status },
      "pass_bill_not_completed",
    );
  }
  return bill;
}

/**
 * The bill's active pass, if it still blocks a new one. An unused pass past its window is
 * superseded (stored as expired) here, in the issuing transaction; a revoked or expired one never
 * blocks. The pass row is not locked first: the gate locks a pass before its bill, and a pass it
 * can still admit blocks this issue anyway.
 */
async function supersedeOrRefuse(tx: Tx, ctx: ServiceContext, bill: { id: number; billNumber: string }, now: Date): Promise<string | null> {
  const [current] = await tx
    .select({ id: gatePasses.id, code: gatePasses.code, usedAt: gatePasses.usedAt, validUntil: gatePasses.validUntil })
    .from(gatePasses)
    .where(and(eq(gatePasses.billId, bill.id), eq(gatePasses.state, "active")))
    .limit(1);
  if (!current) return null;
  if (current.usedAt === null && current.validUntil.getTime() < now.getTime()) {
    const [expired] = await tx
      .update(gatePasses)
      .set({ state: "expired", updatedAt: sql`now()` })
      .where(and(eq(gatePasses.id, current.id), eq(gatePasses.state, "active"), sql`${gatePasses.usedAt} is null`))
      .returning({ code: gatePasses.code });
    if (expired) {
      await audit(tx, ctx, { action: "pass_superseded", entityType: "gate_pass", entityId: expired.code, details: { billNumber: bill.billNumber } });
      return expired.code;
    }
  }
  const used = current.usedAt ? " and was already used at the gate" : "";
  throw new ConflictError("pass_exists", `Bill ${bill.billNumber} already has an active gate pass, ${current.code}${used}. Revoke it before issuing a new one.`).say({
    bill: bill.billNumber,
    code: current.code,
    used: current.usedAt ? "yes" : "no",
  });
}

/**
 * Issues a gate pass for a completed bill (DESIGN.md §6b): 201 {pass} with its signed payload.
 * 404 bill_not_found, 409 bill_not_completed / pass_exists, 400 naming the field otherwise.
 */
export async function issuePass(ctx: ServiceContext, input: unknown): Promise<PassDto> {
  assertMayManagePasses(ctx, "issue");
  const pass = parseInput(IssuePassJson, input);
  const now = new Date();
  const window = passWindowOf(pass, now);
  const problems = passWindowProblems(window, now);
  if (Object.keys(problems).length > 0) throw new ValidationError(Object.values(problems).flat().join(" "), problems);
  const billNumber = lookupBillNumber(pass.billNumber);

  return inTransaction(ctx.db, PASS_CONSTRAINTS, async (tx) => {
    const bill = await lockBillForPass(tx, billNumber);
    const superseded = await supersedeOrRefuse(tx, ctx, bill, now);
    // Last before the insert: the day's counter row stays locked until commit, and a rollback
    // (a refused insert included) gives the number back.
    const code = await nextPassCode(tx, now);
    const [row] = await tx
      .insert(gatePasses)
      .values({
        code,
        billId: bill.id,
        driverName: pass.driverName,
        driverPhone: pass.driverPhone,
        coDriverName: pass.coDriverName ?? null,
        coDriverPhone: pass.coDriverPhone ?? null,
        vehicleNumber: pass.vehicleNumber,
        notes: pass.notes ?? null,
        validFrom: window.validFrom,
        validUntil: window.validUntil,
        issuedBy: ctx.actor.id,
      })
      .returning({ id: gatePasses.id });
    if (!row) throw new Error("gate pass insert returned no row");
    await audit(tx, ctx, {
      action: "pass_issued",
      entityType: "gate_pass",
      entityId: code,
      details: {
        billNumber: bill.billNumber,
        vehicle: pass.vehicleNumber,
        driverName: pass.driverName,
        validFrom: window.validFrom,
        validUntil: window.validUntil,
        ...(superseded ? { superseded } : {}),
      },
    });
    const [created] = await selectPasses(tx, eq(gatePasses.id, row.id)).limit(1);
    if (!created) throw new Error(`gate pass ${code} vanished inside its own transaction`);
    return passDtoOf(tx, created, { withPayload: true, now });
  });
}
