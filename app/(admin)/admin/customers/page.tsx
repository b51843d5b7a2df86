import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { CustomerAccountCreateForm } from "@/components/customers/customer-account-create-form";
import { FilterActions } from "@/components/ui/filter-actions";
import { PageHeader } from "@/components/ui/page-header";
import { SelectField } from "@/components/ui/select-field";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { can } from "@/lib/permissions";
import { CustomerAccountListQuery } from "@/lib/schemas/customers";
import { readFilters } from "@/lib/schemas/filters";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { CUSTOMER_ACCOUNT_LIST_MAX, listCustomerAccounts } from "@/lib/server/customers/account-queries";
import { getDb } from "@/lib/server/db";
import { formatIstDateTime } from "@/lib/time";
import { FilterProblems } from "@/components/ui/filter-problems";

export const metadata: Metadata = { title: "Customer accounts" };

const COLUMNS: Column[] = [
  { label: "Email" },
  { label: "Name", show: "md" },
  { label: "Customers" },
  { label: "Status" },
  { label: "Last login (IST)", show: "sm" },
  { label: "Sessions", show: "sm" },
];
const STATUS_OPTIONS = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "inactive", label: "Inactive" },
];

export default async function AdminCustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  if (!can(user.role, "customers:manage")) forbidden();
  const { filters, problems } = readFilters(CustomerAccountListQuery, await searchParams);
  const rows = await listCustomerAccounts(getDb(), filters, { policy: sessionPolicy() });
  return (
    <section className="space-y-6">
      <PageHeader
        title="Customer accounts"
        subtitle="Dealers and distributors who sign in to the customer portal with their e-mail."
        actions={
          <Link href="/admin/customers/list" className="font-medium text-brand-700 underline">
            Customers (names, contacts)
          </Link>
        }
      />
      <section aria-labelledby="create-account" className="space-y-2">
        <h2 id="create-account" className="text-lg font-semibold">
          Create a customer account
        </h2>
        <CustomerAccountCreateForm />
      </section>
      <section aria-labelledby="accounts" className="space-y-3">
        <h2 id="accounts" className="text-lg font-semibold">
          Accounts
        </h2>
        <form method="get" className="rounded-lg border border-slate-200 bg-slate-50 p-3">
          <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
            <div className="flex flex-col gap-1">
              <label htmlFor="accounts-q" className="text-sm font-semibold text-slate-800">
                Search accounts
              </label>
              <input
                id="accounts-q"
                name="q"
                type="search"
                defaultValue={filters.q ?? ""}
                maxLength={254}
                placeholder="E-mail, name or customer"
                className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
              />
            </div>
            <SelectField key={filters.status} label="Status" name="status" options={STATUS_OPTIONS} defaultValue={filters.status} />
          </div>
          <FilterActions clearHref="/admin/customers" />
        </form>
        <FilterProblems problems={problems} />
        <p className="text-sm text-slate-600">
          {rows.length === CUSTOMER_ACCOUNT_LIST_MAX ? `The first ${rows.length} accounts; search to narrow.` : `${rows.length} account${rows.length === 1 ? "" : "s"}.`}
        </p>
        <DataTable columns={COLUMNS} testId="customer-accounts">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={COLUMNS.length} className="px-3 py-6 text-center text-slate-600">
                No customer accounts{filters.q || filters.status !== "all" ? " match these filters" : " yet"}.
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
                <td className={cellClass()}>{a.allCustomers ? <em>All customers</em> : a.customers.join(", ") || "—"}</td>
                <td className={cellClass()}>{a.status === "active" ? "Active" : <span className="text-red-700">Inactive</span>}</td>
                <td className={cellClass("sm")}>{a.lastLoginAt ? formatIstDateTime(a.lastLoginAt) : "Never"}</td>
                <td className={cellClass("sm")}>{a.activeSessions}</td>
              </tr>
            ))
          )}
        </DataTable>
      </section>
    </section>
  );
}
