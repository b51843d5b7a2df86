import { downloadResponse } from "@/lib/server/http";
import { printLabels } from "@/lib/server/labels/print";
import { defineRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/**
 * ?format=a4|thermal (a4 when left out) → the reservation's labels as a PDF attachment; audited
 * each time. Up to a second or two of CPU for 1000 labels, so it also counts against "default".
 */
export const GET = defineRoute<{ id: string }>({ permission: "labels:reserve", limit: "default" }, async (ctx, { req, params }) => {
  const format = new URL(req.url).searchParams.get("format") ?? undefined;
  const { pdf, filename } = await printLabels(ctx, { id: params.id, format });
  return downloadResponse(pdf, filename, "application/pdf");
});
