import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bags, billBags, bills, loadChecks } from "@/db/schema";
import type { LoadCheckPreview, LoadScanResult, SavedLoadCheck } from "@/lib/dto/load-check";
import { can } from "@/lib/permissions";
import { LoadScanInput, PreviewLoadCheckInput, SaveLoadCheckJson } from "@/lib/schemas/load-check";
import type { Actor, ServiceContext } from "../service";
import { ForbiddenError } from "../errors";
import { parseInput } from "../validation";
import { billNotFound, billNumberIs, lookupBillNumber } from "./bill-number";
import { readScannedLabels, tallyLoadCheck, verdictOf, type ParentWhereabouts, type ScannedLabels } from "./load-check-tally";
import { auditBill } from "./locked-bill";
import { requireParentQr } from "./parents";

// The load check at the truck (issue 18): a biller re-scans the parents physically on the truck
// and each is classified against the bill; the saved report is recomputed here, on the server,
// against the bill's parents at that moment. Any bill status may be checked (a dispatched one too).

export function assertMayCheckLoads(actor: Actor): void {
  if (!can(actor.role, "bills:check")) throw new ForbiddenError("Only billers and admins can check a truck's load.").say({}, "loadcheck_forbidden");
}

type CheckedBill = { id: number; billNumber: string };

/** The bill by number; `share`: locked FOR SHARE until commit, so no parent joins or leaves it meanwhile. */
async function findBill(conn: Db | Tx, billNumber: string, share: boolean): Promise<CheckedBill> {
  const query = conn.select({ id: bills.id, billNumber: bills.billNumber }).from(bills).where(billNumberIs(billNumber)).limit(1);
  const [bill] = share ? await query.for("share") : await query;
  if (!bill) throw billNotFound(billNumber);
  return bill;
}

/** The bill's parents in loading order (the first put on the truck first), uppercased like scans. */
async function parentsOfBill(conn: Db | Tx, billId: number): Promise<string[]> {
  const rows = await conn
    .select({ qr: bags.qr })
    .from(billBags)
    .innerJoin(bags, eq(bags.id, billBags.bagId))
    .where(eq(billBags.billId, billId))
    .orderBy(asc(billBags.createdAt), asc(billBags.id));
  return rows.map((r) => r.qr.toUpperCase());
}

/** Which bill each of these parent labels is on (null: none); labels no parent bag has are absent. */
async function whereAreParents(conn: Db | Tx, qrs: readonly string[]): Promise<ParentWhereabouts> {
  const where = new Map<string, { billId: number; billNumber: string } | null>();
  if (qrs.length === 0) return where;
  const upperQr = sql<string>`upper(${bags.qr})`;
  const rows = await conn
    .select({ qr: upperQr, billId: bills.id, billNumber: bills.billNumber })
    .from(bags)
    .leftJoin(billBags, eq(billBags.bagId, bags.id))
    .leftJoin(bills, eq(bills.id, billBags.billId))
    // Matches the case-insensitive unique index bags_qr_ci_unique.
    .where(and(inArray(upperQr, [...qrs]), eq(bags.type, "parent")));
  for (const row of rows) where.set(row.qr, row.billId === null || row.billNumber === null ? null : { billId: row.billId, billNumber: row.billNumber });
  return where;
}

/** Every distinct parent label of `labels` against the bill, and the bill's parents, in one locked snapshot. */
async function checkBill(tx: Tx, bill: CheckedBill, labels: ScannedLabels) {
  const billParents = await parentsOfBill(tx, bill.id);
  const where = await whereAreParents(tx, labels.parents);
  const scans = labels.parents.map((qr) => verdictOf(qr, bill.id, where));
  return { billParents, scans };
}

/**
 * One scan at the truck: matched (on this bill), extra (on no bill, or not in the system) or
 * other_bill (naming it). Reads only. Refuses invalid_qr and wrong_type (a child label) as the
 * bill station does, and bill_not_found.
 */
export async function classifyLoadScan(ctx: ServiceContext, input: unknown): Promise<LoadScanResult> {
  assertMayCheckLoads(ctx.actor);
  const call = parseInput(LoadScanInput, input);
  const billNumber = lookupBillNumber(call.billNumber);
  const qr = requireParentQr(call.qr);
  const bill = await findBill(ctx.db, billNumber, false);
  return verdictOf(qr, bill.id, await whereAreParents(ctx.db, [qr]));
}

/** A whole list classified again, nothing saved (the check page after a reload). */
export async function previewLoadCheck(ctx: ServiceContext, input: unknown): Promise<LoadCheckPreview> {
  assertMayCheckLoads(ctx.actor);
  const call = parseInput(PreviewLoadCheckInput, input);
  const billNumber = lookupBillNumber(call.billNumber);
  const labels = readScannedLabels(call.qrs);
  return ctx.db.transaction(async (tx) => {
    const bill = await findBill(tx, billNumber, true);
    const { billParents, scans } = await checkBill(tx, bill, labels);
    return { billNumber: bill.billNumber, expectedQrs: billParents, scans, refused: labels.refused };
  });
}

/**
 * Saves a load check: the labels are classified again here against the bill's parents at this
 * moment (the bill share-locked, as other readers of a bill's bags lock it), the report is stored
 * with its counts, and load_check_saved is audited with them, all in one transaction. Duplicate
 * labels count once; child labels and invalid text are reported in `refused`, not counted.
 */
export async function saveLoadCheck(ctx: ServiceContext, input: unknown): Promise<SavedLoadCheck> {
  const { actor } = ctx;
  assertMayCheckLoads(actor);
  const call = parseInput(SaveLoadCheckJson, input);
  const billNumber = lookupBillNumber(call.billNumber);
  const labels = readScannedLabels(call.qrs);
  const notes = call.notes ?? null;
  const check = await ctx.db.transaction(async (tx) => {
    const bill = await findBill(tx, billNumber, true);
    const { billParents, scans } = await checkBill(tx, bill, labels);
    const { counts, report } = tallyLoadCheck(billParents, scans, labels);
    const [row] = await tx
      .insert(loadChecks)
      .values({
        billId: bill.id,
        checkedBy: actor.id,
        expectedCount: counts.expected,
        matchedCount: counts.matched,
        missingCount: counts.missing,
        extraCount: counts.extra,
        otherBillCount: counts.otherBill,
        report,
        notes,
      })
      .returning({ id: loadChecks.id, createdAt: loadChecks.createdAt });
    if (!row) throw new Error(`load check of bill ${bill.id} was not inserted`);
    await auditBill(tx, ctx, bill.id, {
      action: "load_check_saved",
      after: counts,
      details: { billNumber: bill.billNumber, checkId: row.id, refused: report.refused.length, duplicates: report.duplicates, ...(notes ? { notes } : {}) },
    });
    return { id: row.id, billNumber: bill.billNumber, createdAt: row.createdAt, checkedBy: actor.username, notes, ...counts, report };
  });
  return { check };
}
