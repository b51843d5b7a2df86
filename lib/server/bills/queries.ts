import "server-only";
import { escapeLike } from "../like";
import { billCustomerName } from "../customers/resolve";
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { keysetCursorAt, type Db } from "@/db/client";
import { keysetCursorOf } from "@/lib/schemas/keyset";
import { billBags, bills, users } from "@/db/schema";
import type { BillListPage } from "@/lib/dto/bills";
import type { BillListFilters } from "@/lib/schemas/bills";
import { istDayBounds } from "@/lib/time";
import { tallyBills, weightsOf } from "./tallies";

export const BILL_PAGE_SIZE = 50;

/** LIKE treats _ and \ specially; a bill-number prefix may contain _. */
function likePrefix(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}

/** The list's filter conditions, without the keyset cursor (shared with the bill export). */
export function filterConditions(db: Db, f: BillListFilters): (SQL | undefined)[] {
  const fromDay = f.from ? istDayBounds(f.from) : null;
  const toDay = f.to ? istDayBounds(f.to) : null;
  return [
    f.q ? sql`upper(${bills.billNumber}) like ${likePrefix(f.q)}` : undefined,
    f.status ? eq(bills.status, f.status) : undefined,
    fromDay ? gte(bills.createdAt, fromDay.start) : undefined,
    toDay ? lt(bills.createdAt, toDay.end) : undefined,
    f.user
      ? inArray(bills.createdBy, db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, f.user.toLowerCase())))
      : undefined,
  ];
}

/** Which way the page reads from its cursor: `after` wins when a URL carries both. */
function cursorCondition(f: BillListFilters): { condition?: SQL; backward: boolean } {
  if (f.after) return { condition: sql`(${bills.createdAt}, ${bills.id}) < (${f.after.createdAt}::timestamptz, ${f.after.id})`, backward: false };
  if (f.before) return { condition: sql`(${bills.createdAt}, ${bills.id}) > (${f.before.createdAt}::timestamptz, ${f.before.id})`, backward: true };
  return { backward: false };
}

/**
 * One page of bills, newest first, by keyset on (created_at, id) — never OFFSET — with each
 * bill's weights from its parents (tallied in SQL per parent kind, weighed by lib/weights).
 */
export async function listBills(db: Db, filters: BillListFilters): Promise<BillListPage> {
  const pageSize = filters.limit ?? BILL_PAGE_SIZE;
  const { condition, backward } = cursorCondition(filters);
  const read = await db
    .select({
      id: bills.id,
      billNumber: bills.billNumber,
      capacity: bills.capacity,
      status: bills.status,
      linkedCount: bills.linkedCount,
      customer: billCustomerName(bills.customerId),
      vehicleNumber: bills.vehicleNumber,
      createdAt: bills.createdAt,
      cursorAt: keysetCursorAt(bills.createdAt),
      createdBy: users.username,
      completedAt: bills.completedAt,
    })
    .from(bills)
    .leftJoin(users, eq(users.id, bills.createdBy))
    .where(and(...filterConditions(db, filters), condition))
    // "Previous" reads the bills just newer than its cursor oldest first; shown newest first.
    .orderBy(...(backward ? [asc(bills.createdAt), asc(bills.id)] : [desc(bills.createdAt), desc(bills.id)]))
    .limit(pageSize + 1);
  const more = read.length > pageSize;
  const page = read.slice(0, pageSize);
  if (backward) page.reverse();
  const tallies = await tallyBills(db, inArray(billBags.billId, page.map((r) => r.id)));
  const first = page[0];
  const last = page[page.length - 1];
  const hasNext = backward ? page.length > 0 : more;
  const hasPrevious = backward ? more : Boolean(filters.after) && page.length > 0;
  return {
    rows: page.map((r) => ({
      billNumber: r.billNumber,
      capacity: r.capacity,
      status: r.status,
      linkedCount: r.linkedCount,
      customer: r.customer,
      vehicleNumber: r.vehicleNumber,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      completedAt: r.completedAt,
      ...weightsOf(tallies, r.id),
    })),
    nextCursor: hasNext && last ? keysetCursorOf(last) : null,
    prevCursor: hasPrevious && first ? keysetCursorOf(first) : null,
  };
}
