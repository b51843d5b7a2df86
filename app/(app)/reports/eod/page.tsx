import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { PrintButton } from "@/components/bills/print-button";
import { EodReport } from "@/components/reports/eod-report";
import { SendEodButton } from "@/components/reports/send-eod-button";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { EodQuery } from "@/lib/schemas/reports";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { buildEodSummary } from "@/lib/server/reports/eod";
import { formatIstDateTime, istDay } from "@/lib/time";

export const metadata: Metadata = { title: "End of day" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The end-of-day summary of one IST day (default today): printable; admins can mail it now. */
export default async function EodReportPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "reports:eod")) forbidden();
  const today = istDay(new Date());
  const asked = first((await searchParams).date);
  const parsed = EodQuery.safeParse({ date: asked });
  const summary = parsed.success ? await buildEodSummary(getDb(), parsed.data.date) : null;
  const errors = parsed.success ? undefined : parsed.error.issues.map((i) => i.message);
  const shown = parsed.success ? parsed.data.date : today;

  return (
    <section className="space-y-5">
      <PageHeader
        title={`End of day — ${shown}`}
        subtitle={summary ? `Bills created on this day (IST), returns and gate passes. Generated ${formatIstDateTime(summary.generated_at)} IST.` : undefined}
        actions={summary && <PrintButton />}
      />
      <form method="get" action="/reports/eod" aria-label="Report day" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 print:hidden">
        <Field label="Day (IST)" name="date" type="date" max={today} defaultValue={parsed.success ? shown : undefined} errors={errors} />
        <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900">
          Show
        </button>
        {summary && can(user.role, "reports:eod_send") && <SendEodButton date={shown} />}
      </form>
      {summary && <EodReport summary={summary} />}
    </section>
  );
}
