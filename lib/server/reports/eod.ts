import "server-only";
import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Column } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bills, gatePasses, returnTicketBags, returnTickets } from "@/db/schema";
import { BILL_STATUSES, type BillStatus } from "@/lib/domain";
import type { EodBill, EodReturns, EodSummary } from "@/lib/dto/reports";
import { can } from "@/lib/permissions";
import { CHILD_WEIGHT_KG } from "@/lib/qr";
import { EodQuery } from "@/lib/schemas/reports";
import { istDayBounds } from "@/lib/time";
import { weighedBills } from "../bills/summary";
import { ForbiddenError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";

/** Who created a bill whose creator's account is gone. */
export const DELETED_USER = "(deleted user)";

const n = sql<number>`count(*)::int`;

/**
 * The end-of-day summary of one IST day (`date`, default today; never a future day): the bills
 * created that day by status and by user with their parents, children and weights, the return
 * tickets opened and closed that day, and the gate passes used that day. Billers and admins.
 */
export async function eodSummary(ctx: ServiceContext, input: unknown): Promise<EodSummary> {
  if (!can(ctx.actor.role, "reports:eod")) throw new ForbiddenError("Only billers and admins can read the end-of-day summary.");
  const { date } = parseInput(EodQuery, input);
  return buildEodSummary(ctx.db, date);
}

/** The summary of IST day `day` (already validated), read in one snapshot so its parts agree. */
export async function buildEodSummary(db: Db, day: string, now = new Date()): Promise<EodSummary> {
  const bounds = istDayBounds(day);
  if (!bounds) throw new Error(`not an IST day: ${day}`);
  const within = (column: Column) => and(gte(column, bounds.start), lt(column, bounds.end));
  return db.transaction(
    async (tx) => {
      const detailed = await billsOfDay(tx, within(bills.createdAt));
      const byStatus = Object.fromEntries(BILL_STATUSES.map((s) => [s, 0])) as Record<BillStatus, number>;
      const byUser: Record<string, number> = {};
      for (const b of detailed) {
        byStatus[b.status] += 1;
        const who = b.created_by ?? DELETED_USER;
        byUser[who] = (byUser[who] ?? 0) + 1;
      }
      const sum = (pick: (b: EodBill) => number) => detailed.reduce((total, b) => total + pick(b), 0);
      const [passes] = await tx.select({ n }).from(gatePasses).where(within(gatePasses.usedAt));
      return {
        report_date: day,
        generated_at: now.toISOString(),
        total_bills: detailed.length,
        bills_by_status: byStatus,
        bills_by_user: byUser,
        total_parent_bags: sum((b) => b.parent_bags),
        total_child_bags: sum((b) => b.child_bags),
        total_weight_kg: sum((b) => b.weight_kg),
        total_expected_weight_kg: sum((b) => b.expected_weight_kg),
        detailed_bills: detailed,
        returns: await returnsOfDay(tx, within),
        gate_passes_used: passes?.n ?? 0,
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/** The day's bills, oldest first, each weighed from its parents as they are now (weighedBills). */
async function billsOfDay(tx: Tx, created: SQL | undefined): Promise<EodBill[]> {
  const { rows } = await weighedBills(tx, created);
  return rows.map((r) => ({
    bill_id: r.billNumber,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    status: r.status,
    parent_bags: r.parentCount,
    expected_bags: r.capacity,
    child_bags: r.childCount,
    weight_kg: r.actualWeightKg,
    expected_weight_kg: r.expectedWeightKg,
  }));
}

/** Tickets opened, finalized and cancelled that day, and the parents of those finalized (two queries). */
async function returnsOfDay(tx: Tx, within: (column: Column) => SQL | undefined): Promise<EodReturns> {
  const opened = within(returnTickets.createdAt);
  const closed = within(returnTickets.closedAt);
  const [tickets] = await tx
    .select({
      tickets: sql<number>`(count(*) filter (where ${opened}))::int`,
      finalized: sql<number>`(count(*) filter (where ${returnTickets.status} = 'finalized' and ${closed}))::int`,
      cancelled: sql<number>`(count(*) filter (where ${returnTickets.status} = 'cancelled' and ${closed}))::int`,
    })
    .from(returnTickets)
    .where(sql`(${opened}) or (${closed})`);
  const [returned] = await tx
    .select({ parents: n, children: sql<number>`coalesce(sum(${returnTicketBags.childCount}), 0)::int` })
    .from(returnTicketBags)
    .innerJoin(returnTickets, eq(returnTickets.id, returnTicketBags.ticketId))
    .where(and(eq(returnTickets.status, "finalized"), closed, eq(returnTicketBags.state, "returned")));
  return {
    tickets: tickets?.tickets ?? 0,
    finalized: tickets?.finalized ?? 0,
    cancelled: tickets?.cancelled ?? 0,
    parents_returned: returned?.parents ?? 0,
    weight_kg: (returned?.children ?? 0) * CHILD_WEIGHT_KG,
  };
}
