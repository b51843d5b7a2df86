import { addParentToBill } from "@/lib/server/bills/parents";
import { defineRoute } from "@/lib/server/route";
import { scanAnswer, withKeyHeader } from "@/lib/server/scan/replay-http";

export const dynamic = "force-dynamic";

// The idempotency key comes in the body or the Idempotency-Key header.
export const POST = defineRoute<{ billNumber: string }>({ permission: "bills:manage" }, async (ctx, { req, json }) =>
  scanAnswer(await addParentToBill(ctx, withKeyHeader(req, await json()))),
);
