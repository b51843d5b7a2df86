import { BillSummaryRange } from "@/lib/schemas/bills";
import { requirePermission } from "@/lib/server/auth/guards";
import { billCsvFilename, billSummaryCsvStream } from "@/lib/server/bills/csv";
import { getDb } from "@/lib/server/db";
import { withErrors } from "@/lib/server/http";
import { parseInput } from "@/lib/server/validation";
import { istDay } from "@/lib/time";

export const dynamic = "force-dynamic";

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD (IST days, inclusive; default today) → the bill summary as CSV. */
export const GET = withErrors(async (req: Request) => {
  await requirePermission("bills:view");
  const params = new URL(req.url).searchParams;
  const today = istDay(new Date());
  const from = params.get("from") || today;
  // Checked before the first byte, so a bad range is a 400 JSON answer, not a broken file.
  const range = parseInput(BillSummaryRange, { from, to: params.get("to") || from });
  return new Response(billSummaryCsvStream(getDb(), range), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${billCsvFilename(range)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
