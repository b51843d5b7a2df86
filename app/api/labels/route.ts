import { listReservations } from "@/lib/server/labels/read";
import { reserveLabels } from "@/lib/server/labels/reserve";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** → {reservations}: the latest 50 label reservations, newest first. */
export const GET = defineRoute({ permission: "labels:reserve" }, async (ctx) => listReservations(ctx));

/** {kind: "SB"|"M444"|"child", count: 1–1000, note?} → 201 {reservation}; 409 labels_exhausted. */
export const POST = defineRoute({ permission: "labels:reserve" }, async (ctx, { json }) => reserveLabels(ctx, await json()), { status: 201 });
