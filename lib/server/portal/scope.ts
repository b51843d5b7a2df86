import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import { reusableQuery, selectRows, type Db, type Tx } from "@/db/client";
import { userCustomers, users } from "@/db/schema";
import type { PortalViewer } from "@/lib/dto/portal";
import { can } from "@/lib/permissions";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import type { ServiceContext } from "../service";

/**
 * Whose bills a portal request may see (DESIGN.md §8): a customer account's linked customers (or
 * all of them), an admin's every customer, or an admin's "view as" of one account. Every portal
 * query puts `scopeWhere` into its WHERE clause; nothing widens it later.
 */
export interface PortalScope {
  all: boolean;
  customerIds: number[];
  viewer: PortalViewer;
}

// The account and its linked customers' ids (ascending) in one read, rendered once (reusableQuery):
// every portal request asks.
const linkedCustomerIds = sql<number[]>`(select coalesce(json_agg(${userCustomers.customerId} order by ${userCustomers.customerId}), '[]'::json)
  from ${userCustomers} where ${userCustomers.userId} = ${users.id})`;

const accountById = reusableQuery((conn: Db | Tx) =>
  conn
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, all: users.allCustomers, customerIds: linkedCustomerIds })
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .limit(1),
);

async function accountScope(db: Db, accountId: string, viewingAs: boolean): Promise<PortalScope> {
  const [account] = await accountById.run(db, { id: accountId });
  if (!account || account.role !== "customer") throw new NotFoundError("No such customer account.", "unknown_account");
  return {
    all: account.all,
    customerIds: account.all ? [] : account.customerIds.map(Number),
    viewer: { account: { id: account.id, email: account.email ?? "", name: account.name }, viewingAs, allCustomers: account.all },
  };
}

/**
 * The scope of the caller: a customer account its own (an `as` from a customer is refused), an
 * admin every customer, or with `as` the named customer account's ("view as", which the portal
 * page audits and says plainly).
 */
export async function portalScopeOf(ctx: ServiceContext, as?: string): Promise<PortalScope> {
  const { actor, db } = ctx;
  if (!can(actor.role, "portal:view")) throw new ForbiddenError();
  if (actor.role === "customer") {
    if (as && as !== actor.id) throw new ForbiddenError("Only admins can view the portal as another account.");
    return accountScope(db, actor.id, false);
  }
  if (as) return accountScope(db, as, true);
  return { all: true, customerIds: [], viewer: { account: null, viewingAs: false, allCustomers: true } };
}

/** The scope as a condition on a view's customer_id column: all → none; nothing linked → false. */
export function scopeWhere(scope: PortalScope, customerId: SQL | unknown): SQL | undefined {
  // "All customers" is every customer's bills; a bill with no customer is the company's own,
  // shown to admins only.
  if (scope.all) return scope.viewer.account ? sql`${customerId} is not null` : undefined;
  if (scope.customerIds.length === 0) return sql`false`;
  return sql`${customerId} in ${sql.raw(`(${scope.customerIds.map((id) => String(Math.trunc(id))).join(", ")})`)}`;
}

/**
 * A customer filter (a code like C0007) resolved within the scope: its id, or a 400 that reads the
 * same whether the code exists elsewhere or not at all (no hint of other customers). Reads the
 * portal_customers view, so it runs inside portalRead too (as the read-only role).
 */
export async function customerInScope(conn: Db | Tx, scope: PortalScope, code: string): Promise<number> {
  const [row] = await selectRows<{ id: number }>(
    conn,
    sql`select c.id::float8 as id from portal_customers as c
         where c.code = ${code.toUpperCase()} and ${scopeWhere(scope, sql`c.id`) ?? sql`true`}
         limit 1`,
  );
  if (!row) throw new ValidationError(`Customer ${code} is not one of this account's customers.`, { customer: ["Pick one of your customers."] }, "customer_out_of_scope");
  return row.id;
}
