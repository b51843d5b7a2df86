import "server-only";
import { and, desc, eq, or, sql } from "drizzle-orm";
import { returnTickets } from "@/db/schema";
import type { ReturnTicketPage } from "@/lib/dto/returns";
import { keysetCursorOf } from "@/lib/schemas/keyset";
import { ReturnFilters } from "@/lib/schemas/returns";
import { escapeLike } from "../like";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { assertMayManageReturns, selectTickets, ticketDtoOf } from "./read";

export const RETURN_PAGE_SIZE = 50;

/**
 * GET /api/returns: one page of tickets, newest first, keyset on (created_at, id)
 * (return_tickets_created_idx, or return_tickets_status_created_idx under a status filter).
 */
export async function listTickets(ctx: ServiceContext, filters: unknown): Promise<ReturnTicketPage> {
  assertMayManageReturns(ctx);
  const f = parseInput(ReturnFilters, filters);
  const after = f.after ?? f.cursor;
  const limit = f.limit ?? RETURN_PAGE_SIZE;
  const needle = f.q ? `%${escapeLike(f.q)}%` : null;
  const rows = await selectTickets(
    ctx.db,
    and(
      f.status ? eq(returnTickets.status, f.status) : undefined,
      needle ? or(sql`${returnTickets.code} ilike ${needle}`, sql`${returnTickets.notes} ilike ${needle}`) : undefined,
      after ? sql`(${returnTickets.createdAt}, ${returnTickets.id}) < (${after.createdAt}::timestamptz, ${after.id})` : undefined,
    ),
  )
    .orderBy(desc(returnTickets.createdAt), desc(returnTickets.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { tickets: shown.map(ticketDtoOf), nextCursor: rows.length > limit && last ? keysetCursorOf(last) : null };
}
