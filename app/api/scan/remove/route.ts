import { defineRoute } from "@/lib/server/route";
import { removeChild } from "@/lib/server/scan/remove";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ permission: "scan:pack" }, async (ctx, { json }) => removeChild(ctx, await json()));
