import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { returnTicketBags, returnTickets } from "@/db/schema";
import type { ReturnTicketDetail, ReturnTicketDto } from "@/lib/dto/returns";
import { CreateReturnJson, lookupReturnCode, ReturnCodeJson, UpdateReturnJson } from "@/lib/schemas/returns";
import { audit } from "../audit";
import { inTransaction, type ConstraintErrors } from "../db-errors";
import { ConflictError } from "../errors";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { nextReturnCode } from "./code";
import { assertMayManageReturns, readTicket, readTicketBags, ticketDtoOf, ticketNotFound, selectTickets } from "./read";

/** Races the locks did not foresee but the database refused: the right 409, not a 500. */
export const RETURN_CONSTRAINTS: ConstraintErrors = {
  return_ticket_bags_held_unique: () =>
    new ConflictError("cross_ticket_duplicate", "That parent bag was just taken onto another open return ticket.").say({}, "return_cross_ticket_race"),
  return_ticket_bags_ticket_bag_unique: () => new ConflictError("duplicate", "That parent bag is already on this ticket.").say({}, "return_duplicate_race"),
  bill_bags_bag_unique: () =>
    new ConflictError("restore_conflict", "A parent bag was just put on another bill; nothing was restored. Finalize the ticket instead.").say({}, "return_restore_race"),
};

/** A code from a path or a caller: one that cannot be RTN-YYYYMMDD-NNNN is not found, before any query. */
export function requireReturnCode(raw: string): string {
  const code = lookupReturnCode(raw);
  if (!code) throw ticketNotFound(raw);
  return code;
}

export function ticketClosed(code: string, status: string): ConflictError {
  return new ConflictError("ticket_closed", `Return ticket ${code} is ${status}; a closed ticket cannot change.`).say({ code, status }, "return_ticket_closed");
}

/** The ticket row locked until commit: scans, edits, finalize and cancel of one ticket take turns. */
export async function lockTicket(tx: Tx, code: string) {
  const [row] = await tx
    .select({ id: returnTickets.id, code: returnTickets.code, status: returnTickets.status, area: returnTickets.area, notes: returnTickets.notes })
    .from(returnTickets)
    .where(eq(returnTickets.code, code))
    .limit(1)
    .for("update");
  if (!row) throw ticketNotFound(code);
  return row;
}

/** lockTicket, refusing a finalized or cancelled ticket with 409 ticket_closed. */
export async function lockOpenTicket(tx: Tx, code: string) {
  const ticket = await lockTicket(tx, code);
  if (ticket.status !== "open") throw ticketClosed(ticket.code, ticket.status);
  return ticket;
}

/** The ticket as it now is, inside the transaction that changed it. */
export async function ticketNow(tx: Tx, id: number): Promise<ReturnTicketDto> {
  const [row] = await selectTickets(tx, eq(returnTickets.id, id)).limit(1);
  if (!row) throw new Error(`return ticket ${id} vanished inside its own transaction`);
  return ticketDtoOf(row);
}

/** POST /api/returns {area, notes?} → the new open ticket RTN-YYYYMMDD-NNNN (IST day). */
export async function createTicket(ctx: ServiceContext, input: unknown): Promise<ReturnTicketDto> {
  assertMayManageReturns(ctx);
  const { area, notes } = parseInput(CreateReturnJson, input);
  const now = new Date();
  return inTransaction(ctx.db, RETURN_CONSTRAINTS, async (tx) => {
    // Last before the insert: the day's counter row stays locked until commit.
    const code = await nextReturnCode(tx, now);
    const [row] = await tx
      .insert(returnTickets)
      .values({ code, area, notes: notes || null, createdBy: ctx.actor.id })
      .returning({ id: returnTickets.id });
    if (!row) throw new Error("return ticket insert returned no row");
    await audit(tx, ctx, { action: "return_ticket_created", entityType: "return_ticket", entityId: code, details: { area, notes: notes || null } });
    return ticketNow(tx, row.id);
  });
}

/** PATCH /api/returns/[code] {area?, notes?}: an open ticket only (409 ticket_closed). */
export async function updateTicket(ctx: ServiceContext, input: unknown): Promise<ReturnTicketDto> {
  assertMayManageReturns(ctx);
  const change = parseInput(UpdateReturnJson, input);
  const code = requireReturnCode(change.code);
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockOpenTicket(tx, code);
    const area = change.area ?? ticket.area;
    const notes = change.notes === undefined ? ticket.notes : change.notes || null;
    await tx.update(returnTickets).set({ area, notes, updatedAt: sql`now()` }).where(eq(returnTickets.id, ticket.id));
    await audit(tx, ctx, {
      action: "return_ticket_updated",
      entityType: "return_ticket",
      entityId: ticket.code,
      before: { area: ticket.area, notes: ticket.notes },
      after: { area, notes },
    });
    return ticketNow(tx, ticket.id);
  });
}

/** GET /api/returns/[code]: the ticket and its bags, newest first. 404 ticket_not_found. */
export async function getTicket(ctx: ServiceContext, input: unknown): Promise<ReturnTicketDetail> {
  assertMayManageReturns(ctx);
  const code = requireReturnCode(parseInput(ReturnCodeJson, input).code);
  const [row] = await selectTickets(ctx.db, eq(returnTickets.code, code)).limit(1);
  if (!row) throw ticketNotFound(code);
  return { ticket: ticketDtoOf(row), bags: await readTicketBags(ctx.db, row.id) };
}

/** A ticket by code for pages: null when there is none (or the code could not be one). */
export async function findTicket(ctx: ServiceContext, code: string): Promise<ReturnTicketDto | null> {
  assertMayManageReturns(ctx);
  const checked = lookupReturnCode(code);
  return checked ? readTicket(ctx.db, checked) : null;
}

/**
 * POST /api/returns/[code]/finalize: the held bags stay off their bills for good (held →
 * returned). 409 empty_ticket without a bag, ticket_closed once closed.
 */
export async function finalizeTicket(ctx: ServiceContext, input: unknown): Promise<ReturnTicketDto> {
  assertMayManageReturns(ctx);
  const code = requireReturnCode(parseInput(ReturnCodeJson, input).code);
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockOpenTicket(tx, code);
    const returned = await tx
      .update(returnTicketBags)
      .set({ state: "returned" })
      .where(and(eq(returnTicketBags.ticketId, ticket.id), eq(returnTicketBags.state, "held")))
      .returning({ qr: returnTicketBags.bagQr, childCount: returnTicketBags.childCount });
    if (returned.length === 0) {
      // Nothing was changed by the update; refusing rolls back the transaction anyway.
      throw new ConflictError("empty_ticket", `Return ticket ${ticket.code} has no returned bags yet; scan at least one parent bag before finalizing.`).say(
        { code: ticket.code },
        "return_empty_ticket",
      );
    }
    await tx
      .update(returnTickets)
      .set({ status: "finalized", closedAt: sql`now()`, closedBy: ctx.actor.id, updatedAt: sql`now()` })
      .where(eq(returnTickets.id, ticket.id));
    await audit(tx, ctx, {
      action: "return_ticket_finalized",
      entityType: "return_ticket",
      entityId: ticket.code,
      details: { bags: returned.length, childCount: returned.reduce((n, b) => n + b.childCount, 0) },
    });
    return ticketNow(tx, ticket.id);
  });
}
