import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { bills } from "@/db/schema";
import { quotedBillNumber } from "@/lib/bill-form";
import { noBillMessage } from "@/lib/not-found";
import { billNumberProblem, normalizeBillNumber } from "@/lib/schemas/bills";
import { NotFoundError } from "../errors";

/** Matches the case-insensitive unique index bills_number_ci_unique. */
export function billNumberIs(billNumber: string): SQL {
  return sql`upper(${bills.billNumber}) = ${billNumber.toUpperCase()}`;
}

export function billNotFound(billNumber: string): NotFoundError {
  return new NotFoundError(noBillMessage(billNumber), "bill_not_found").say({ billNumber: quotedBillNumber(billNumber) }, "bills_not_found");
}

/** A bill number from a path or a caller, normalized like input; one that cannot exist is not found. */
export function lookupBillNumber(raw: string): string {
  const billNumber = normalizeBillNumber(raw);
  if (billNumberProblem(billNumber)) throw billNotFound(billNumber);
  return billNumber;
}
