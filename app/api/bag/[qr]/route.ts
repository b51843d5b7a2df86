import { requireBagDetail } from "@/lib/server/bags/queries";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = defineRoute<{ qr: string }>({ permission: "bags:view_own_area" }, async ({ db, actor }, { params }) =>
  requireBagDetail(db, actor, params.qr),
);
