import { finalizeTicket } from "@/lib/server/returns/tickets";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

type ReturnPath = { code: string };

/** {} → {ticket} with status "finalized"; 409 empty_ticket / ticket_closed. */
export const POST = defineRoute<ReturnPath>({ permission: "returns:manage" }, async (ctx, { json }) => ({
  ticket: await finalizeTicket(ctx, await json({ optional: true })),
}));
