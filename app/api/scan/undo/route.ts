import { defineRoute } from "@/lib/server/route";
import { undoLastScan } from "@/lib/server/scan/undo";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ permission: "scan:pack" }, async (ctx, { json }) => undoLastScan(ctx, await json()));
