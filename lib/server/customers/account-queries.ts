import "server-only";
import { and, asc, desc, eq, exists, gt, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, sessions, userCustomers, users } from "@/db/schema";
import type { CustomerAccountDetail, CustomerAccountListItem } from "@/lib/dto/customers";
import { CustomerAccountListQuery } from "@/lib/schemas/customers";
import { listAuditLog } from "../admin/audit-log-queries";
import { sessionIdOf } from "../admin/admin-sessions";
import { describeUserAgent } from "../admin/user-agent";
import type { SessionPolicy } from "../auth/session";
import { escapeLike } from "../like";
import { parseInput } from "../validation";

export const CUSTOMER_ACCOUNT_LIST_MAX = 500;

/** A session counts as live inside both limits (the idle expiry, and the absolute one when known). */
function liveSession(now: Date, policy?: Pick<SessionPolicy, "absoluteMs">): SQL {
  const live = [gt(sessions.expires, now)];
  if (policy) live.push(gt(sessions.createdAt, new Date(now.getTime() - policy.absoluteMs)));
  return and(...live) as SQL;
}

// Written out: in a one-table select Drizzle renders columns without their table, which a
// correlated subquery over other tables cannot use.
const linkedNames = sql<string[]>`coalesce((
  select array_agg(c.name order by lower(c.name))
    from user_customers uc join customers c on c.id = uc.customer_id
   where uc.user_id = "users"."id"), '{}'::text[])`;

function accountColumns(now: Date, policy?: Pick<SessionPolicy, "absoluteMs">) {
  return {
    id: users.id,
    email: sql<string>`coalesce(${users.email}, ${users.username})`,
    name: users.name,
    allCustomers: users.allCustomers,
    customers: linkedNames,
    deactivatedAt: users.deactivatedAt,
    lastLoginAt: users.lastLoginAt,
    activeSessions: sql<number>`(select count(*)::int from ${sessions} where ${and(eq(sessions.userId, users.id), liveSession(now, policy))})`,
  };
}

type AccountRow = { deactivatedAt: Date | null; customers: string[] | null } & Omit<CustomerAccountListItem, "status" | "customers">;

function toListItem({ deactivatedAt, customers: names, ...row }: AccountRow): CustomerAccountListItem {
  return { ...row, customers: names ?? [], status: deactivatedAt ? "inactive" : "active" };
}

/**
 * The customer accounts (role customer only), by e-mail: a search over e-mail, name and the
 * linked customers' names, and a status. Last login is users.last_login_at (set by every sign-in).
 */
export async function listCustomerAccounts(
  db: Db,
  input: unknown,
  options: { policy?: Pick<SessionPolicy, "absoluteMs">; now?: Date } = {},
): Promise<CustomerAccountListItem[]> {
  const { q, status } = parseInput(CustomerAccountListQuery, input);
  const now = options.now ?? new Date();
  const where: (SQL | undefined)[] = [eq(users.role, "customer")];
  if (status === "active") where.push(isNull(users.deactivatedAt));
  if (status === "inactive") where.push(isNotNull(users.deactivatedAt));
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    where.push(
      or(
        sql`${users.email} ilike ${pattern}`,
        sql`${users.name} ilike ${pattern}`,
        exists(
          db
            .select({ one: sql`1` })
            .from(userCustomers)
            .innerJoin(customers, eq(customers.id, userCustomers.customerId))
            .where(and(eq(userCustomers.userId, users.id), sql`${customers.name} ilike ${pattern}`)),
        ),
      ),
    );
  }
  const rows = await db
    .select(accountColumns(now, options.policy))
    .from(users)
    .where(and(...where))
    .orderBy(asc(sql`lower(coalesce(${users.email}, ${users.username}))`), asc(users.id))
    .limit(CUSTOMER_ACCOUNT_LIST_MAX);
  return rows.map(toListItem);
}

/** One customer account with its customers, live sessions and newest audit rows; null unless a customer account. */
export async function customerAccountDetail(
  db: Db,
  accountId: string,
  options: { policy?: Pick<SessionPolicy, "absoluteMs">; now?: Date } = {},
): Promise<CustomerAccountDetail | null> {
  // Account ids are UUIDs; anything else (a NUL, a guess) is simply no account.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(accountId)) return null;
  const now = options.now ?? new Date();
  const [row] = await db
    .select({ ...accountColumns(now, options.policy), mustChangePassword: users.mustChangePassword, createdAt: users.createdAt })
    .from(users)
    .where(and(eq(users.id, accountId), eq(users.role, "customer")))
    .limit(1);
  if (!row) return null;
  const [linked, live, audit] = await Promise.all([
    db
      .select({ code: customers.code, name: customers.name })
      .from(userCustomers)
      .innerJoin(customers, eq(customers.id, userCustomers.customerId))
      .where(eq(userCustomers.userId, accountId))
      .orderBy(asc(sql`lower(${customers.name})`)),
    db
      .select({ token: sessions.sessionToken, ip: sessions.ip, userAgent: sessions.userAgent, createdAt: sessions.createdAt, expires: sessions.expires })
      .from(sessions)
      .where(and(eq(sessions.userId, accountId), liveSession(now, options.policy)))
      .orderBy(desc(sessions.createdAt), asc(sessions.sessionToken))
      .limit(200),
    listAuditLog(db, { user: undefined, action: undefined, ip: undefined, entityType: "user", entityId: accountId }, 20),
  ]);
  const { mustChangePassword, createdAt, ...listed } = row;
  return {
    ...toListItem(listed),
    mustChangePassword,
    createdAt,
    deactivatedAt: row.deactivatedAt,
    linked,
    sessions: live.map(({ token, expires, ...s }) => ({
      ...s,
      id: sessionIdOf(token),
      browser: describeUserAgent(s.userAgent),
      expiresAt: options.policy ? new Date(Math.min(expires.getTime(), s.createdAt.getTime() + options.policy.absoluteMs)) : expires,
    })),
    recentAudit: audit.rows,
  };
}
