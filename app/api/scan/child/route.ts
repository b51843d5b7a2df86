import { scanChild } from "@/lib/server/scan/scan-child";
import { scanAnswer, withKeyHeader } from "@/lib/server/scan/replay-http";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

// The idempotency key comes in the body or the Idempotency-Key header.
export const POST = defineRoute({ permission: "scan:pack" }, async (ctx, { req, json }) => scanAnswer(await scanChild(ctx, withKeyHeader(req, await json()))));
