import { scanChild } from "@/lib/server/scan/scan-child";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ permission: "scan:pack" }, async (ctx, { json }) => scanChild(ctx, await json()));
