import { firstValues } from "@/lib/schemas/filters";
import { listTickets } from "@/lib/server/returns/list";
import { createTicket } from "@/lib/server/returns/tickets";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** ?status=open|finalized|cancelled&q=<code or notes>&cursor=<nextCursor> → {tickets, nextCursor} */
export const GET = defineRoute({ permission: "returns:manage" }, async (ctx, { req }) => listTickets(ctx, firstValues(new URL(req.url).searchParams)));

/** {area, notes?} → 201 {ticket} with code RTN-YYYYMMDD-NNNN, status "open", bagsCount 0. */
export const POST = defineRoute({ permission: "returns:manage" }, async (ctx, { json }) => ({ ticket: await createTicket(ctx, await json()) }), { status: 201 });
