import "server-only";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bills, loadChecks, users } from "@/db/schema";
import type { LoadCheckDto, LoadCheckRefusal, LoadCheckReport, LoadCheckSummary, SavedLoadCheck } from "@/lib/dto/load-check";
import { can } from "@/lib/permissions";
import { billNumberProblem, normalizeBillNumber } from "@/lib/schemas/bills";
import { loadCheckIdOf } from "@/lib/schemas/load-check";
import type { ServiceContext } from "../service";
import { ForbiddenError, NotFoundError } from "../errors";
import { billNotFound, billNumberIs, lookupBillNumber } from "./bill-number";

// Reading saved load checks: the newest of a bill (its page, the dispatch sheet, GET …/check)
// and one by id (the printable report).

const summaryColumns = {
  id: loadChecks.id,
  createdAt: loadChecks.createdAt,
  checkedBy: users.username,
  expected: loadChecks.expectedCount,
  matched: loadChecks.matchedCount,
  missing: loadChecks.missingCount,
  extra: loadChecks.extraCount,
  otherBill: loadChecks.otherBillCount,
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The stored report (written by saveLoadCheck) read back; a missing list reads as empty. */
function reportOf(value: unknown): LoadCheckReport {
  const r = isRecord(value) ? value : {};
  const otherBill = (Array.isArray(r.otherBill) ? r.otherBill : []).flatMap((o) =>
    isRecord(o) && typeof o.qr === "string" && typeof o.billNumber === "string" ? [{ qr: o.qr, billNumber: o.billNumber }] : [],
  );
  const refused = (Array.isArray(r.refused) ? r.refused : []).flatMap((o): LoadCheckRefusal[] =>
    isRecord(o) && typeof o.qr === "string" && typeof o.message === "string" && (o.code === "invalid_qr" || o.code === "wrong_type")
      ? [{ qr: o.qr, code: o.code, message: o.message }]
      : [],
  );
  return {
    matched: strings(r.matched),
    missing: strings(r.missing),
    extra: strings(r.extra),
    otherBill,
    unknown: strings(r.unknown),
    refused,
    duplicates: typeof r.duplicates === "number" ? r.duplicates : 0,
  };
}

/** Saved checks of the bill `billNumber` (as normalized) matching `where`, newest first. */
async function selectChecks(db: Db, billNumber: string, where: SQL | undefined, limit: number) {
  return db
    .select({ ...summaryColumns, billNumber: bills.billNumber, notes: loadChecks.notes, report: loadChecks.report })
    .from(loadChecks)
    .innerJoin(bills, eq(bills.id, loadChecks.billId))
    .leftJoin(users, eq(users.id, loadChecks.checkedBy))
    .where(and(billNumberIs(billNumber), where))
    .orderBy(desc(loadChecks.createdAt), desc(loadChecks.id))
    .limit(limit);
}

type CheckRow = Awaited<ReturnType<typeof selectChecks>>[number];
const toDto = ({ report, ...row }: CheckRow): LoadCheckDto => ({ ...row, report: reportOf(report) });

/** The newest saved check of a bill without its lists (the bill page, the dispatch sheet); null if none. */
export async function lastLoadCheckOfBill(db: Db, rawBillNumber: string): Promise<LoadCheckSummary | null> {
  const billNumber = normalizeBillNumber(rawBillNumber);
  if (billNumberProblem(billNumber)) return null;
  const [row] = await db
    .select(summaryColumns)
    .from(loadChecks)
    .innerJoin(bills, eq(bills.id, loadChecks.billId))
    .leftJoin(users, eq(users.id, loadChecks.checkedBy))
    .where(billNumberIs(billNumber))
    .orderBy(desc(loadChecks.createdAt), desc(loadChecks.id))
    .limit(1);
  return row ?? null;
}

/** One saved check with its report, only under its own bill; null if there is no such check there. */
export async function loadCheckOfBill(db: Db, rawBillNumber: string, rawId: string | number): Promise<LoadCheckDto | null> {
  const billNumber = normalizeBillNumber(rawBillNumber);
  const id = loadCheckIdOf(rawId);
  if (billNumberProblem(billNumber) || id === null) return null;
  const [row] = await selectChecks(db, billNumber, eq(loadChecks.id, id), 1);
  return row ? toDto(row) : null;
}

/** GET /api/bills/[billNumber]/check: the newest check with its report; 404 bill_not_found or no_check. */
export async function requireLastLoadCheck(ctx: ServiceContext, rawBillNumber: string): Promise<SavedLoadCheck> {
  if (!can(ctx.actor.role, "bills:view")) throw new ForbiddenError("Only billers and admins can read a bill's load checks.").say({}, "loadcheck_forbidden_read");
  const billNumber = lookupBillNumber(rawBillNumber);
  const [row] = await selectChecks(ctx.db, billNumber, undefined, 1);
  if (row) return { check: toDto(row) };
  const [bill] = await ctx.db.select({ billNumber: bills.billNumber }).from(bills).where(billNumberIs(billNumber)).limit(1);
  if (!bill) throw billNotFound(billNumber);
  throw new NotFoundError(`Bill ${bill.billNumber} has no saved load check yet.`, "no_check").say({ billNumber: bill.billNumber }, "loadcheck_none");
}
