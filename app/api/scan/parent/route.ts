import { defineRoute } from "@/lib/server/route";
import { scanParent } from "@/lib/server/scan/scan-parent";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ permission: "scan:pack" }, async (ctx, { json }) => scanParent(ctx, await json()));
