import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CustomerForm } from "@/components/customers/customer-form";
import { FilterActions } from "@/components/ui/filter-actions";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import { can } from "@/lib/permissions";
import { CustomerSearch } from "@/lib/schemas/customers";
import { readFilters } from "@/lib/schemas/filters";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageUser } from "@/lib/server/auth/guards";
import { CUSTOMER_LIST_MAX, listCustomers } from "@/lib/server/customers/customers";
import { getDb } from "@/lib/server/db";
import { FilterProblems } from "@/components/ui/filter-problems";

export async function generateMetadata() {
  const t = await getTranslations("customers.list");
  return { title: t("metaTitle") };
}

export default async function AdminCustomerListPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  if (!can(user.role, "customers:manage")) forbidden();
  const { filters, problems } = readFilters(CustomerSearch, await searchParams);
  const rows = await listCustomers(getDb(), { q: filters.q });
  const { locale, t } = await readerTranslator("customers.list");
  const columns: Column[] = [
    { label: t("columns.code") },
    { label: t("columns.name") },
    { label: t("columns.email"), show: "md" },
    { label: t("columns.phone"), show: "md" },
    { label: t("columns.bills") },
    { label: t("columns.edit") },
  ];
  return (
    <section className="space-y-6">
      <PageHeader back={{ href: "/admin/customers", label: t("back") }} title={t("title")} subtitle={t("subtitle")} />
      <details className="rounded-lg border border-slate-200 bg-slate-50 p-3">
        <summary className="cursor-pointer font-semibold">{t("create")}</summary>
        <div className="mt-3 rounded-lg border border-slate-200 bg-white p-4">
          <CustomerForm />
        </div>
      </details>
      <form method="get" className="rounded-lg border border-slate-200 bg-slate-50 p-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="customers-q" className="text-sm font-semibold text-slate-800">
            {t("search")}
          </label>
          <input
            id="customers-q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            maxLength={120}
            placeholder={t("searchPlaceholder")}
            className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
          />
        </div>
        <FilterActions clearHref="/admin/customers/list" />
      </form>
      <FilterProblems problems={problems} />
      <p className="text-sm text-slate-600">
        {rows.length === CUSTOMER_LIST_MAX
          ? t("capped", { n: formatCount(rows.length, locale) })
          : t("count", { count: rows.length, n: formatCount(rows.length, locale) })}
      </p>
      <DataTable columns={columns} testId="customers">
        {rows.length === 0 ? (
          <tr>
            <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-600">
              {filters.q ? t("emptySearch") : t("empty")}
            </td>
          </tr>
        ) : (
          rows.map((c) => (
            <tr key={c.id} data-testid="customer-row" className="border-t border-slate-100 align-top">
              <td className={cellClass(undefined, "font-mono")}>{c.code}</td>
              <td className={cellClass(undefined, "font-medium")}>{c.name}</td>
              <td className={cellClass("md")}>{c.email ?? "—"}</td>
              <td className={cellClass("md")}>{c.phone ?? "—"}</td>
              <td className={cellClass()}>{formatCount(c.billCount, locale)}</td>
              <td className={cellClass()}>
                <details>
                  <summary className="cursor-pointer text-sm font-semibold text-brand-700">{t("editName", { name: c.name })}</summary>
                  <div className="mt-2 min-w-72">
                    <CustomerForm customer={c} />
                  </div>
                </details>
              </td>
            </tr>
          ))
        )}
      </DataTable>
    </section>
  );
}
