import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { PrintButton } from "@/components/bills/print-button";
import { EodReport } from "@/components/reports/eod-report";
import { SendEodButton } from "@/components/reports/send-eod-button";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { formatDateTime } from "@/lib/format";
import { EodQuery } from "@/lib/schemas/reports";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { buildEodSummary } from "@/lib/server/reports/eod";
import { istDay } from "@/lib/time";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports.eod");
  return { title: t("metaTitle") };
}

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
  const t = await getTranslations("reports.eod");
  const locale = await getLocale();

  return (
    <section className="space-y-5">
      <PageHeader
        title={t("title", { day: shown })}
        subtitle={summary ? t("subtitle", { time: formatDateTime(summary.generated_at, locale) }) : undefined}
        actions={summary && <PrintButton />}
      />
      <form method="get" action="/reports/eod" aria-label={t("dayAriaLabel")} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 print:hidden">
        <Field label={t("day")} name="date" type="date" max={today} defaultValue={parsed.success ? shown : undefined} errors={errors} />
        <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900">
          {t("show")}
        </button>
        {summary && can(user.role, "reports:eod_send") && <SendEodButton date={shown} />}
      </form>
      {summary && <EodReport summary={summary} />}
    </section>
  );
}
