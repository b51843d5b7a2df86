import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { bags, billBags, bills, gatePasses } from "@/db/schema";
import type { BillCounts } from "@/lib/dto/bills";
import { BillPathJson } from "@/lib/schemas/bills";
import type { ServiceContext } from "../service";
import { ConflictError } from "../errors";
import { parseInput } from "../validation";
import { countsNow } from "./bill-counts";
import { lookupBillNumber } from "./bill-number";
import { applyBillChange, assertMayManageBills, type BillField, type BillRef } from "./locked-bill";

/**
 * Share-locks the bill's parents, so completing waits for scans and undos still running on them
 * (a scan that began before its parent joined the bill holds the parent but not the bill lock).
 */
async function waitForParentScans(tx: Tx, billId: number): Promise<void> {
  await tx
    .select({ id: bags.id })
    .from(bags)
    .where(inArray(bags.id, tx.select({ id: billBags.bagId }).from(billBags).where(eq(billBags.billId, billId))))
    .for("share");
}

/** What completing or reopening moves, as its audit row shows. */
const STATE_FIELDS: readonly BillField[] = ["status", "completedAt"];

function billOf(ctx: ServiceContext, input: unknown): BillRef {
  assertMayManageBills(ctx.actor);
  return { billNumber: lookupBillNumber(parseInput(BillPathJson, input).billNumber) };
}

/**
 * processing → completed, only when every expected parent is on the bill (409 below_capacity
 * saying how many are missing). Completing is always explicit; adding the last bag does not.
 */
export async function completeBill(ctx: ServiceContext, input: unknown): Promise<BillCounts> {
  return applyBillChange(ctx, billOf(ctx, input), async (tx, bill) => {
    const { billNumber } = bill;
    if (bill.status === "dispatched") {
      throw new ConflictError("bill_dispatched", `Bill ${billNumber} has been dispatched through the gate; it is done.`).say({ billNumber }, "bills_dispatched_done");
    }
    if (bill.status === "completed") {
      throw new ConflictError("bill_completed", `Bill ${billNumber} is already completed.`).say({ billNumber }, "bills_already_completed");
    }
    if (bill.linkedCount < bill.capacity) {
      const missing = bill.capacity - bill.linkedCount;
      throw bill.linkedCount === 0
        ? new ConflictError("below_capacity", `Bill ${billNumber} has no parent bags yet; add ${bill.capacity} before completing it.`).say(
            { billNumber, capacity: bill.capacity },
            "bills_empty_complete",
          )
        : new ConflictError(
            "below_capacity",
            `Bill ${billNumber} needs ${missing} more parent bag${missing === 1 ? "" : "s"} to complete (${bill.linkedCount}/${bill.capacity}).`,
          ).say({ billNumber, missing, linked: bill.linkedCount, capacity: bill.capacity }, "bills_below_capacity");
    }
    await waitForParentScans(tx, bill.id);
    return {
      set: { status: "completed", completedAt: sql`now()` },
      audit: { action: "bill_completed", fields: STATE_FIELDS, details: { linkedCount: bill.linkedCount, capacity: bill.capacity } },
      answer: countsNow,
    };
  });
}

/** completed → processing, so bags and details can change again; never once dispatched, nor with a live gate pass. */
export async function reopenBill(ctx: ServiceContext, input: unknown): Promise<BillCounts> {
  return applyBillChange(ctx, billOf(ctx, input), async (tx, bill) => {
    const { billNumber } = bill;
    if (bill.status === "dispatched") {
      throw new ConflictError("bill_dispatched", `Bill ${billNumber} has been dispatched (its truck left through the gate); a dispatched bill cannot be reopened.`).say(
        { billNumber },
        "bills_dispatched_reopen",
      );
    }
    if (bill.status !== "completed") {
      throw new ConflictError("not_completed", `Bill ${billNumber} is not completed, so there is nothing to reopen.`).say({ billNumber }, "bills_not_completed");
    }
    // A pass the gate could still admit would let a truck out with a bill being changed. The bill
    // row is locked here and the gate's admission updates it too, so the two take turns.
    const [pass] = await tx
      .select({ code: gatePasses.code })
      .from(gatePasses)
      .where(and(eq(gatePasses.billId, bill.id), eq(gatePasses.state, "active"), isNull(gatePasses.usedAt), sql`${gatePasses.validUntil} >= now()`))
      .limit(1);
    if (pass) {
      throw new ConflictError("pass_active", `Bill ${billNumber} has an active gate pass; revoke pass ${pass.code} first, then reopen the bill.`).say(
        { billNumber, code: pass.code },
        "bills_pass_active",
      );
    }
    return {
      // Normally linked = capacity ≥ 1 here; `new` only if bags left by some other path.
      set: { status: sql`case when ${bills.linkedCount} = 0 then 'new' else 'processing' end`, completedAt: null },
      audit: { action: "bill_reopened", fields: STATE_FIELDS },
      answer: countsNow,
    };
  });
}
