import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { CustomerForm } from "@/components/customers/customer-form";
import { FilterActions } from "@/components/ui/filter-actions";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { can } from "@/lib/permissions";
import { CustomerSearch } from "@/lib/schemas/customers";
import { readFilters } from "@/lib/schemas/filters";
import { requirePageUser } from "@/lib/server/auth/guards";
import { CUSTOMER_LIST_MAX, listCustomers } from "@/lib/server/customers/customers";
import { getDb } from "@/lib/server/db";
import { FilterProblems } from "@/components/ui/filter-problems";

export const metadata: Metadata = { title: "Customers" };

const COLUMNS: Column[] = [{ label: "Code" }, { label: "Name" }, { label: "Email", show: "md" }, { label: "Phone", show: "md" }, { label: "Bills" }, { label: "Edit" }];

export default async function AdminCustomerListPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  if (!can(user.role, "customers:manage")) forbidden();
  const { filters, problems } = readFilters(CustomerSearch, await searchParams);
  const rows = await listCustomers(getDb(), { q: filters.q });
  return (
    <section className="space-y-6">
      <PageHeader
        back={{ href: "/admin/customers", label: "Customer accounts" }}
        title="Customers"
        subtitle="Who the bills are for. Billers also add customers by typing a new name on a bill."
      />
      <details className="rounded-lg border border-slate-200 bg-slate-50 p-3">
        <summary className="cursor-pointer font-semibold">Create a customer</summary>
        <div className="mt-3 rounded-lg border border-slate-200 bg-white p-4">
          <CustomerForm />
        </div>
      </details>
      <form method="get" className="rounded-lg border border-slate-200 bg-slate-50 p-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="customers-q" className="text-sm font-semibold text-slate-800">
            Search customers
          </label>
          <input
            id="customers-q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            maxLength={120}
            placeholder="Name, code, e-mail or phone"
            className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
          />
        </div>
        <FilterActions clearHref="/admin/customers/list" />
      </form>
      <FilterProblems problems={problems} />
      <p className="text-sm text-slate-600">
        {rows.length === CUSTOMER_LIST_MAX ? `The first ${rows.length} customers; search to narrow.` : `${rows.length} customer${rows.length === 1 ? "" : "s"}.`}
      </p>
      <DataTable columns={COLUMNS} testId="customers">
        {rows.length === 0 ? (
          <tr>
            <td colSpan={COLUMNS.length} className="px-3 py-6 text-center text-slate-600">
              No customers{filters.q ? " match this search" : " yet"}.
            </td>
          </tr>
        ) : (
          rows.map((c) => (
            <tr key={c.id} data-testid="customer-row" className="border-t border-slate-100 align-top">
              <td className={cellClass(undefined, "font-mono")}>{c.code}</td>
              <td className={cellClass(undefined, "font-medium")}>{c.name}</td>
              <td className={cellClass("md")}>{c.email ?? "—"}</td>
              <td className={cellClass("md")}>{c.phone ?? "—"}</td>
              <td className={cellClass()}>{c.billCount}</td>
              <td className={cellClass()}>
                <details>
                  <summary className="cursor-pointer text-sm font-semibold text-brand-700">Edit {c.name}</summary>
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
