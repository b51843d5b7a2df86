import { getTicket, updateTicket } from "@/lib/server/returns/tickets";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

type ReturnPath = { code: string };

/** {ticket, bags} (bags newest first). 404 ticket_not_found. */
export const GET = defineRoute<ReturnPath>({ permission: "returns:manage" }, async (ctx, { params }) => getTicket(ctx, { code: params.code }));

/** {area?, notes?} → {ticket}; an open ticket only (409 ticket_closed). */
export const PATCH = defineRoute<ReturnPath>({ permission: "returns:manage" }, async (ctx, { json }) => ({ ticket: await updateTicket(ctx, await json()) }));
