import { deleteBag } from "@/lib/server/bags/delete";
import { requireBagDetail } from "@/lib/server/bags/queries";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = defineRoute<{ qr: string }>({ permission: "bags:view_own_area" }, async ({ db, actor }, { params }) =>
  requireBagDetail(db, actor, params.qr),
);

/** Admins: deletes the bag (a child leaves its parent, a parent its bill; its children become free) → {deleted, parent, bill, freedChildren, message}. */
export const DELETE = defineRoute<{ qr: string }>({ permission: "bags:delete" }, async (ctx, { params }) => deleteBag(ctx, { qr: params.qr }));
