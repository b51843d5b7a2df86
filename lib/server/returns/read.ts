import "server-only";
import { desc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { keysetCursorAt, type Db, type Tx } from "@/db/client";
import { returnTicketBags, returnTickets, users } from "@/db/schema";
import type { ReturnBagDto, ReturnTicketDto } from "@/lib/dto/returns";
import { can } from "@/lib/permissions";
import { CHILD_WEIGHT_KG } from "@/lib/qr";
import { ForbiddenError, NotFoundError } from "../errors";
import type { ServiceContext } from "../service";

const creator = alias(users, "return_creator");
const closer = alias(users, "return_closer");
const scanner = alias(users, "return_scanner");

export function assertMayManageReturns(ctx: ServiceContext): void {
  if (!can(ctx.actor.role, "returns:manage")) throw new ForbiddenError("Only billers and admins can work on return tickets.").say({}, "return_forbidden");
}

export function ticketNotFound(code: string): NotFoundError {
  return new NotFoundError(`No return ticket ${code.slice(0, 40)}.`, "ticket_not_found").say({ code: code.slice(0, 40) }, "return_ticket_not_found");
}

/** Children × CHILD_WEIGHT_KG: a returned parent weighs what its children do. */
export function returnWeightKg(childCount: number): number {
  return childCount * CHILD_WEIGHT_KG;
}

/** The columns every ticket answer is built from. */
export const ticketColumns = {
  id: returnTickets.id,
  code: returnTickets.code,
  status: returnTickets.status,
  area: returnTickets.area,
  notes: returnTickets.notes,
  bagsCount: returnTickets.bagsCount,
  childCount: returnTickets.childCount,
  createdBy: creator.username,
  createdAt: returnTickets.createdAt,
  /** created_at to the microsecond, for the list's keyset cursor (lib/schemas/keyset.ts). */
  cursorAt: keysetCursorAt(returnTickets.createdAt),
  updatedAt: returnTickets.updatedAt,
  closedAt: returnTickets.closedAt,
  closedBy: closer.username,
};

/** `select(ticketColumns)` with the joins it needs, filtered by `where`. */
export function selectTickets(conn: Db | Tx, where: SQL | undefined) {
  return conn
    .select(ticketColumns)
    .from(returnTickets)
    .leftJoin(creator, eq(creator.id, returnTickets.createdBy))
    .leftJoin(closer, eq(closer.id, returnTickets.closedBy))
    .where(where);
}

export type TicketRow = Awaited<ReturnType<typeof selectTickets>>[number];

export function ticketDtoOf(row: TicketRow): ReturnTicketDto {
  return {
    code: row.code,
    status: row.status,
    area: row.area,
    notes: row.notes,
    bagsCount: row.bagsCount,
    childCount: row.childCount,
    weightKg: returnWeightKg(row.childCount),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
    closedBy: row.closedBy,
  };
}

/** One ticket by its (already checked) code, or null. */
export async function readTicket(conn: Db | Tx, code: string): Promise<ReturnTicketDto | null> {
  const [row] = await selectTickets(conn, eq(returnTickets.code, code)).limit(1);
  return row ? ticketDtoOf(row) : null;
}

/** The ticket's bags, newest first (return_ticket_bags_ticket_scanned_idx). */
export async function readTicketBags(conn: Db | Tx, ticketId: number): Promise<ReturnBagDto[]> {
  const rows = await conn
    .select({
      qr: returnTicketBags.bagQr,
      billNumber: returnTicketBags.billNumber,
      childCount: returnTicketBags.childCount,
      state: returnTicketBags.state,
      scannedBy: scanner.username,
      scannedAt: returnTicketBags.scannedAt,
    })
    .from(returnTicketBags)
    .leftJoin(scanner, eq(scanner.id, returnTicketBags.scannedBy))
    .where(eq(returnTicketBags.ticketId, ticketId))
    .orderBy(desc(returnTicketBags.scannedAt), desc(returnTicketBags.id));
  return rows.map((r) => ({ ...r, weightKg: returnWeightKg(r.childCount) }));
}
