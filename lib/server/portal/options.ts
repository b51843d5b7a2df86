import "server-only";
import { and, sql } from "drizzle-orm";
import { selectRows } from "@/db/client";
import { BILL_STATUSES, type BillStatus } from "@/lib/domain";
import type { PortalFilterOptions } from "@/lib/dto/portal";
import { PortalOptionsQuery } from "@/lib/schemas/portal";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { portalRead } from "./read";
import { customerInScope, portalScopeOf, scopeWhere } from "./scope";

/**
 * The cascading filters' choices (customer → status → date range): the scope's customers with
 * their bill counts, the statuses within the chosen customer, and the first and last IST day within
 * customer + status. A customer outside the scope is a 400, as in the list.
 */
export async function portalFilterOptions(ctx: ServiceContext, input: unknown): Promise<PortalFilterOptions> {
  const query = parseInput(PortalOptionsQuery, input);
  const scope = await portalScopeOf(ctx, query.as);
  return portalRead(ctx.db, async (tx) => {
    const customerId = query.customer ? await customerInScope(tx, scope, query.customer) : undefined;
    const inScope = scopeWhere(scope, sql`pb.customer_id`);
    const customers = await selectRows<{ code: string; name: string; bills: number }>(
      tx,
      sql`select c.code, c.name, coalesce(n.bills, 0)::int as bills
            from portal_customers as c
            left join (select pb.customer_id, count(*)::int as bills from portal_bills as pb
                        where ${inScope ?? sql`true`} group by pb.customer_id) as n on n.customer_id = c.id
           where ${scopeWhere(scope, sql`c.id`) ?? sql`true`}
           order by lower(c.name), c.id`,
    );
    const ofCustomer = and(inScope, customerId !== undefined ? sql`pb.customer_id = ${customerId}` : undefined) ?? sql`true`;
    const statusRows = await selectRows<{ status: BillStatus; bills: number }>(
      tx,
      sql`select pb.status, count(*)::int as bills from portal_bills as pb where ${ofCustomer} group by pb.status`,
    );
    const ofStatus = and(ofCustomer, query.status ? sql`pb.status = ${query.status}` : undefined) ?? sql`true`;
    const [days] = await selectRows<{ first: string | null; last: string | null }>(
      tx,
      sql`select to_char(min(pb.created_at) at time zone 'Asia/Kolkata', 'YYYY-MM-DD') as first,
                 to_char(max(pb.created_at) at time zone 'Asia/Kolkata', 'YYYY-MM-DD') as last
            from portal_bills as pb where ${ofStatus}`,
    );
    const statuses = BILL_STATUSES.flatMap((status) => statusRows.filter((r) => r.status === status).map((r) => ({ status, bills: r.bills })));
    return { customers, statuses, days: days?.first && days.last ? { first: days.first, last: days.last } : null };
  });
}
