import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { BillFilters } from "@/components/bills/bill-filters";
import { BillTable } from "@/components/bills/bill-table";
import { ExportLinks } from "@/components/ui/export-links";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { listQuery } from "@/lib/routes";
import { billNumberProblem, normalizeBillNumber, readBillListFilters } from "@/lib/schemas/bills";
import { requirePageUser } from "@/lib/server/auth/guards";
import { listBills } from "@/lib/server/bills/queries";
import { getDb } from "@/lib/server/db";
import { FilterProblems } from "@/components/ui/filter-problems";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("bills.list");
  return { title: t("title") };
}

const SECONDARY = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BillsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser();
  if (!can(user.role, "bills:view")) forbidden();
  const params = await searchParams;
  const { filters, problems } = readBillListFilters(params);
  const { rows, nextCursor, prevCursor } = await listBills(getDb(), filters);
  const { after, before, ...kept } = filters;
  const paged = Boolean(after || before);
  // Set by the delete action's redirect; only a well-formed bill number is echoed.
  const deletedParam = typeof params.deleted === "string" ? normalizeBillNumber(params.deleted) : "";
  const deleted = billNumberProblem(deletedParam) ? "" : deletedParam;
  const t = await getTranslations("bills.list");
  return (
    <section className="space-y-4">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={
          <>
            <ExportLinks what="bills" filters={kept} />
            <Link href="/reports/bills" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50">
              {t("summaryReport")}
            </Link>
            {can(user.role, "bills:manage") && (
              <Link href="/bills/new" className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900">
                {t("newBill")}
              </Link>
            )}
          </>
        }
      />
      {deleted && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 font-medium text-green-900">
          {t("deleted", { billNumber: deleted })}
        </p>
      )}
      <FilterProblems problems={problems} />
      <BillFilters filters={filters} />
      {rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">{paged ? t("noMore") : t("noMatch")}</p>
      ) : (
        <BillTable rows={rows} />
      )}
      <nav aria-label={t("pages")} className="flex flex-wrap gap-3">
        {paged && (
          <Link href={`/bills${listQuery(kept)}`} className={SECONDARY}>
            {t("firstPage")}
          </Link>
        )}
        {prevCursor && (
          <Link href={`/bills${listQuery({ ...kept, before: prevCursor })}`} className={SECONDARY}>
            {t("previousPage")}
          </Link>
        )}
        {nextCursor && (
          <Link
            href={`/bills${listQuery(kept, nextCursor)}`}
            className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900"
          >
            {t("nextPage")}
          </Link>
        )}
      </nav>
    </section>
  );
}
