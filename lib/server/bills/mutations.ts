import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bags, billBags, bills, gatePasses } from "@/db/schema";
import type { BillDto, DeleteBillResult } from "@/lib/dto/bills";
import { can } from "@/lib/permissions";
import { BillPathJson, CreateBillJson, UpdateBillJson } from "@/lib/schemas/bills";
import type { ServiceContext } from "../service";
import { inTransaction } from "../db-errors";
import { ConflictError, ForbiddenError } from "../errors";
import { bumpStats } from "../stats/bump";
import { StatsChange } from "../stats/change";
import { parseInput } from "../validation";
import { customerIdFor } from "../customers/resolve";
import { lookupBillNumber } from "./bill-number";
import { readBillDetail } from "./detail";
import { applyBillChange, assertMayManageBills, assertNotCompleted, auditBill, BILL_CONSTRAINTS, type BillField } from "./locked-bill";

async function readBill(tx: Tx, { id }: { id: number }): Promise<BillDto> {
  const detail = await readBillDetail(tx, { id });
  if (!detail) throw new Error(`bill ${id} vanished inside its own transaction`);
  return detail.bill;
}

/** A bill number already taken in any case (duplicate_bill): creating and importing alike. */
export function duplicateBill(billNumber: string): ConflictError {
  return new ConflictError("duplicate_bill", `Bill ${billNumber} already exists (bill numbers ignore case).`).say({ billNumber }, "bills_duplicate");
}

/** Creates an empty bill (status new); 409 duplicate_bill when the number exists in any case. */
export async function createBill(ctx: ServiceContext, input: unknown): Promise<BillDto> {
  const { db, actor } = ctx;
  assertMayManageBills(actor);
  const bill = parseInput(CreateBillJson, input);
  const created = await inTransaction(db, BILL_CONSTRAINTS, async (tx) => {
    // A concurrent create of the same number waits here for the winner's commit, then inserts nothing.
    const [row] = await tx
      .insert(bills)
      .values({
        billNumber: bill.billNumber,
        capacity: bill.capacity,
        description: bill.description ?? null,
        customerId: bill.customer ? (await customerIdFor(tx, bill.customer)).id : null,
        vehicleNumber: bill.vehicleNumber ?? null,
        createdBy: actor.id,
      })
      .onConflictDoNothing()
      .returning({ id: bills.id });
    if (!row) throw duplicateBill(bill.billNumber);
    const dto = await readBill(tx, row);
    const { billNumber, capacity, status, description, customer, vehicleNumber } = dto;
    await auditBill(tx, ctx, row.id, {
      action: "bill_created",
      after: { billNumber, capacity, status, description, customer, vehicleNumber },
    });
    return dto;
  });
  await bumpStats(new StatsChange().billStatus(null, created.status));
  return created;
}

const EDITABLE = ["capacity", "description", "customer", "vehicleNumber"] as const satisfies readonly BillField[];

/**
 * Edits capacity and the optional details. Capacity never drops below the parents already on
 * the bill (409 below_linked); a completed bill must be reopened first (409 bill_completed).
 */
export async function updateBill(ctx: ServiceContext, input: unknown): Promise<BillDto> {
  assertMayManageBills(ctx.actor);
  const { billNumber, ...edit } = parseInput(UpdateBillJson, input);
  return applyBillChange<BillDto>(ctx, { billNumber: lookupBillNumber(billNumber) }, async (tx, bill) => {
    assertNotCompleted(bill, "edit");
    if (edit.capacity !== undefined && edit.capacity < bill.linkedCount) {
      throw new ConflictError(
        "below_linked",
        `Bill ${bill.billNumber} already has ${bill.linkedCount} parent bags; capacity cannot be less than that. Remove bags first.`,
      ).say({ billNumber: bill.billNumber, linked: bill.linkedCount }, "bills_below_linked");
    }
    // A customer is named, matched case-insensitively: "agro traders" is no change from "Agro Traders".
    const same = (key: (typeof EDITABLE)[number]) =>
      key === "customer" ? (edit.customer ?? null)?.toLowerCase() === (bill.customer ?? null)?.toLowerCase() : edit[key] === bill[key];
    const changed = EDITABLE.filter((key) => edit[key] !== undefined && !same(key));
    if (changed.length === 0) return { done: await readBill(tx, bill) };
    const set: Record<string, unknown> = Object.fromEntries(changed.filter((key) => key !== "customer").map((key) => [key, edit[key]]));
    if (changed.includes("customer")) set.customerId = edit.customer ? (await customerIdFor(tx, edit.customer)).id : null;
    return {
      set,
      audit: { action: "bill_updated", fields: changed },
      answer: readBill,
    };
  });
}

/** Deletes a bill (admins only); its bill_bags rows go with it, so its parents can be billed again. */
export async function deleteBill(ctx: ServiceContext, input: unknown): Promise<DeleteBillResult> {
  if (!can(ctx.actor.role, "bills:delete")) throw new ForbiddenError("Only admins can delete bills.").say({}, "bills_forbidden_delete");
  const { billNumber } = parseInput(BillPathJson, input);
  return applyBillChange(ctx, { billNumber: lookupBillNumber(billNumber) }, async (tx, bill) => {
    // A pass and its use are the truck's record (the FK is ON DELETE RESTRICT): say so, not a 500.
    const [pass] = await tx.select({ code: gatePasses.code }).from(gatePasses).where(eq(gatePasses.billId, bill.id)).orderBy(asc(gatePasses.id)).limit(1);
    if (pass) {
      throw new ConflictError("bill_has_pass", `Bill ${bill.billNumber} has a gate pass (${pass.code}); a bill with a gate pass is the truck's record and cannot be deleted.`).say(
        { billNumber: bill.billNumber, code: pass.code },
        "bills_has_pass",
      );
    }
    const parents = await tx
      .select({ qr: bags.qr })
      .from(billBags)
      .innerJoin(bags, eq(bags.id, billBags.bagId))
      .where(eq(billBags.billId, bill.id))
      .orderBy(asc(billBags.createdAt), asc(billBags.id));
    await tx.delete(bills).where(eq(bills.id, bill.id));
    await auditBill(tx, ctx, bill.id, { action: "bill_deleted", before: { ...bill, parents: parents.map((p) => p.qr) }, critical: true });
    return { done: { billNumber: bill.billNumber, releasedParents: parents.length }, status: null };
  });
}
