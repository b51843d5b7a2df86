import { defineRoute } from "@/lib/server/route";
import { finishParent } from "@/lib/server/scan/finish";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ permission: "scan:pack" }, async (ctx, { json }) => finishParent(ctx, await json()));
