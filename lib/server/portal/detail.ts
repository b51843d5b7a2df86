import "server-only";
import { sql } from "drizzle-orm";
import { selectRows } from "@/db/client";
import type { PortalBillDetail, PortalParentRow } from "@/lib/dto/portal";
import { billNumberProblem, normalizeBillNumber } from "@/lib/schemas/bills";
import { PortalBillQuery } from "@/lib/schemas/portal";
import { NotFoundError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { ROW_COLUMNS, rowOf, type PortalRowSql } from "./query";
import { portalRead } from "./read";
import { portalScopeOf, scopeWhere } from "./scope";

/** One answer for a bill outside the scope and a bill that does not exist: no hint either way. */
export const PORTAL_BILL_NOT_FOUND = "No such bill.";
const notFound = () => new NotFoundError(PORTAL_BILL_NOT_FOUND, "bill_not_found");

/**
 * /portal/bills/[billNumber]: the bill (number in any case) with its parent bags and counts, no
 * staff names, if it is in the caller's scope; otherwise 404 exactly as for an unknown number.
 */
export async function readPortalBill(ctx: ServiceContext, input: unknown): Promise<PortalBillDetail> {
  const query = parseInput(PortalBillQuery, input);
  const scope = await portalScopeOf(ctx, query.as);
  // Normalized like the staff lookup; a number that could not exist (NUL, too long) is not found.
  const billNumber = normalizeBillNumber(query.billNumber);
  if (billNumberProblem(billNumber)) throw notFound();
  return portalRead(ctx.db, async (tx) => {
    const [bill] = await selectRows<PortalRowSql & { completed_ms: number | null; dispatched_ms: number | null }>(
      tx,
      sql`select ${ROW_COLUMNS},
                 (extract(epoch from pb.completed_at) * 1000)::float8 as completed_ms,
                 (extract(epoch from pb.dispatched_at) * 1000)::float8 as dispatched_ms
            from portal_bills as pb
           where upper(pb.bill_number) = upper(${billNumber}) and ${scopeWhere(scope, sql`pb.customer_id`) ?? sql`true`}
           limit 1`,
    );
    if (!bill) throw notFound();
    const parents = await selectRows<{ qr: string; child_count: number; capacity: number | null; status: string }>(
      tx,
      sql`select p.qr, p.child_count::int as child_count, p.capacity::int as capacity, p.status
            from portal_bill_parents as p where p.bill_id = ${bill.id} order by p.added_at, p.qr`,
    );
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      bill: { ...rowOf(bill), completedAt: iso(bill.completed_ms), dispatchedAt: iso(bill.dispatched_ms) },
      parents: parents.map((p): PortalParentRow => ({ qr: p.qr, childCount: p.child_count, capacity: p.capacity, status: p.status })),
    };
  });
}
