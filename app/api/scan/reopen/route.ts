import { defineRoute } from "@/lib/server/route";
import { reopenParent } from "@/lib/server/scan/finish";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ permission: "scan:pack" }, async (ctx, { json }) => reopenParent(ctx, await json()));
