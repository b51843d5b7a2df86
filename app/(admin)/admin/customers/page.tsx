import Link from "next/link";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { CustomerAccountCreateForm } from "@/components/customers/customer-account-create-form";
import { FilterActions } from "@/components/ui/filter-actions";
import { PageHeader } from "@/components/ui/page-header";
import { SelectField } from "@/components/ui/select-field";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatCount, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { CustomerAccountListQuery } from "@/lib/schemas/customers";
import { readFilters } from "@/lib/schemas/filters";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { CUSTOMER_ACCOUNT_LIST_MAX, listCustomerAccounts } from "@/lib/server/customers/account-queries";
import { getDb } from "@/lib/server/db";
import { FilterProblems } from "@/components/ui/filter-problems";

export async function generateMetadata() {
  const t = await getTranslations("customers.accounts");
  return { title: t("metaTitle") };
}

const STATUSES = ["all", "active", "inactive"] as const;

export default async function AdminCustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  if (!can(user.role, "customers:manage")) forbidden();
  const { filters, problems } = readFilters(CustomerAccountListQuery, await searchParams);
  const rows = await listCustomerAccounts(getDb(), filters, { policy: sessionPolicy() });
  const { locale, t } = await readerTranslator("customers.accounts");
  const columns: Column[] = [
    { label: t("columns.email") },
    { label: t("columns.name"), show: "md" },
    { label: t("columns.customers") },
    { label: t("columns.status") },
    { label: t("columns.lastLogin"), show: "sm" },
    { label: t("columns.sessions"), show: "sm" },
  ];
  const filtered = Boolean(filters.q) || filters.status !== "all";
  return (
    <section className="space-y-6">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        actions={
          <Link href="/admin/customers/list" className="font-medium text-brand-700 underline">
            {t("customersLink")}
          </Link>
        }
      />
      <section aria-labelledby="create-account" className="space-y-2">
        <h2 id="create-account" className="text-lg font-semibold">
          {t("createTitle")}
        </h2>
        <CustomerAccountCreateForm />
      </section>
      <section aria-labelledby="accounts" className="space-y-3">
        <h2 id="accounts" className="text-lg font-semibold">
          {t("listTitle")}
        </h2>
        <form method="get" className="rounded-lg border border-slate-200 bg-slate-50 p-3">
          <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
            <div className="flex flex-col gap-1">
              <label htmlFor="accounts-q" className="text-sm font-semibold text-slate-800">
                {t("search")}
              </label>
              <input
                id="accounts-q"
                name="q"
                type="search"
                defaultValue={filters.q ?? ""}
                maxLength={254}
                placeholder={t("searchPlaceholder")}
                className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
              />
            </div>
            <SelectField
              key={filters.status}
              label={t("status")}
              name="status"
              options={STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
              defaultValue={filters.status}
            />
          </div>
          <FilterActions clearHref="/admin/customers" />
        </form>
        <FilterProblems problems={problems} />
        <p className="text-sm text-slate-600">
          {rows.length === CUSTOMER_ACCOUNT_LIST_MAX
            ? t("capped", { n: formatCount(rows.length, locale) })
            : t("count", { count: rows.length, n: formatCount(rows.length, locale) })}
        </p>
        <DataTable columns={columns} testId="customer-accounts">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-600">
                {filtered ? t("emptyFiltered") : t("empty")}
              </td>
            </tr>
          ) : (
            rows.map((a) => (
              <tr key={a.id} data-testid="customer-account-row" className="border-t border-slate-100 align-top">
                <td className={cellClass(undefined, "font-medium")}>
                  <Link href={`/admin/customers/${a.id}`} className="text-brand-700 underline [overflow-wrap:anywhere]">
                    {a.email}
                  </Link>
                </td>
                <td className={cellClass("md")}>{a.name ?? "—"}</td>
                <td className={cellClass()}>{a.allCustomers ? <em>{t("allCustomers")}</em> : a.customers.join(", ") || "—"}</td>
                <td className={cellClass()}>{a.status === "active" ? t("active") : <span className="text-red-700">{t("inactive")}</span>}</td>
                <td className={cellClass("sm")}>{a.lastLoginAt ? formatDateTime(a.lastLoginAt, locale) : t("never")}</td>
                <td className={cellClass("sm")}>{formatCount(a.activeSessions, locale)}</td>
              </tr>
            ))
          )}
        </DataTable>
      </section>
    </section>
  );
}
