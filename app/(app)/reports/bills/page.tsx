import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { BillSummaryTable } from "@/components/bills/bill-summary-table";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { BillSummaryRange, reportRangeOf } from "@/lib/schemas/bills";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { billSummary } from "@/lib/server/bills/summary";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports.bills");
  return { title: t("metaTitle") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function BillReportPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "bills:view")) forbidden();
  const params = await searchParams;
  const { from, to } = reportRangeOf(first(params.from), first(params.to));
  const parsed = BillSummaryRange.safeParse({ from, to });
  const summary = parsed.success ? await billSummary(getDb(), parsed.data) : null;
  const errorsOf = (field: "from" | "to") => (parsed.success ? undefined : parsed.error.issues.filter((i) => i.path[0] === field).map((i) => i.message));
  const csvHref = `/reports/bills/csv?${new URLSearchParams({ from, to }).toString()}`;
  const t = await getTranslations("reports.bills");

  return (
    <section className="space-y-4">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        back={{ href: "/bills", label: t("allBills") }}
      />
      <form method="get" action="/reports/bills" aria-label={t("rangeAriaLabel")} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 print:hidden">
        <Field label={t("from")} name="from" type="date" defaultValue={from} errors={errorsOf("from")} />
        <Field label={t("to")} name="to" type="date" defaultValue={to} errors={errorsOf("to")} />
        <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900">
          {t("show")}
        </button>
        {summary && (
          <a href={csvHref} download className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-5 font-semibold hover:bg-slate-50">
            {t("downloadCsv")}
          </a>
        )}
      </form>
      {summary && <BillSummaryTable summary={summary} />}
    </section>
  );
}
