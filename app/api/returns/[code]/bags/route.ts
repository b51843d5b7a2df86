import { returnBag } from "@/lib/server/returns/scan";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

type ReturnPath = { code: string };

/**
 * {qr} → {result: "returned", bill: {billNumber, linkedCount, status}, ticket: {bagsCount, weightKg}};
 * 400 invalid_qr, 404 bag_not_found / ticket_not_found, 409 wrong_type / duplicate /
 * cross_ticket_duplicate / not_linked / ticket_closed.
 */
export const POST = defineRoute<ReturnPath>({ permission: "returns:manage" }, async (ctx, { json }) => returnBag(ctx, await json()));
