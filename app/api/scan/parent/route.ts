import { defineRoute } from "@/lib/server/route";
import { scanAnswer, withKeyHeader } from "@/lib/server/scan/replay-http";
import { scanParent } from "@/lib/server/scan/scan-parent";

export const dynamic = "force-dynamic";

// The idempotency key comes in the body or the Idempotency-Key header.
export const POST = defineRoute({ permission: "scan:pack" }, async (ctx, { req, json }) => scanAnswer(await scanParent(ctx, withKeyHeader(req, await json()))));
