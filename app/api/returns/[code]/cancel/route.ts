import { cancelTicket } from "@/lib/server/returns/cancel";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

type ReturnPath = { code: string };

/** {} → {ticket} with status "cancelled", the bags back on their bills; 409 restore_conflict / ticket_closed. */
export const POST = defineRoute<ReturnPath>({ permission: "returns:manage" }, async (ctx, { json }) => ({
  ticket: await cancelTicket(ctx, await json({ optional: true })),
}));
