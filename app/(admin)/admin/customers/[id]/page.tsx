import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { CustomerAccountActions } from "@/components/customers/customer-account-actions";
import { CustomerAccountEditForm } from "@/components/customers/customer-account-edit-form";
import { CustomerSessionEnd } from "@/components/customers/customer-session-end";
import { FactList } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { can } from "@/lib/permissions";
import { decodeSegment } from "@/lib/server/route";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { customerAccountDetail } from "@/lib/server/customers/account-queries";
import { getDb } from "@/lib/server/db";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Customer account" };

const SESSION_COLUMNS: Column[] = [{ label: "IP" }, { label: "Browser" }, { label: "Signed in (IST)" }, { label: "Ends (IST)", show: "sm" }, { label: "Actions" }];
const AUDIT_COLUMNS: Column[] = [{ label: "When (IST)" }, { label: "Action" }, { label: "By" }, { label: "IP", show: "sm" }];

export default async function CustomerAccountPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  if (!can(user.role, "customers:manage")) forbidden();
  const id = decodeSegment((await params).id);
  const account = await customerAccountDetail(getDb(), id, { policy: sessionPolicy() });
  if (!account) notFound();
  const active = account.status === "active";
  return (
    <section className="space-y-6">
      <PageHeader
        back={{ href: "/admin/customers", label: "Customer accounts" }}
        title={account.email}
        titleClassName="text-2xl [overflow-wrap:anywhere]"
        subtitle={account.name ?? undefined}
        actions={
          <Link href={`/portal?as=${encodeURIComponent(account.id)}`} prefetch={false} className="font-medium text-brand-700 underline">
            View portal as this account
          </Link>
        }
      />
      <FactList
        testId="customer-account-facts"
        facts={[
          ["Status", active ? "Active" : `Inactive since ${account.deactivatedAt ? formatIstDateTime(account.deactivatedAt) : "—"}`],
          ["Customers", account.allCustomers ? "All customers" : account.linked.map((c) => `${c.name} (${c.code})`).join(", ") || "—"],
          ["Last login (IST)", account.lastLoginAt ? formatIstDateTime(account.lastLoginAt) : "Never"],
          ["Password", account.mustChangePassword ? "Temporary (must be changed at sign-in)" : "Chosen by the customer"],
          ["Created (IST)", formatIstDateTime(account.createdAt)],
          ["Active sessions", String(account.activeSessions)],
        ]}
      />
      <CustomerAccountActions accountId={account.id} active={active} />

      <section aria-labelledby="edit-account" className="space-y-2">
        <h2 id="edit-account" className="text-lg font-semibold">
          Edit
        </h2>
        <CustomerAccountEditForm accountId={account.id} name={account.name} customers={account.customers} allCustomers={account.allCustomers} />
      </section>

      <section aria-labelledby="account-sessions" className="space-y-2">
        <h2 id="account-sessions" className="text-lg font-semibold">
          Sessions
        </h2>
        <DataTable columns={SESSION_COLUMNS} testId="customer-sessions">
          {account.sessions.length === 0 ? (
            <tr>
              <td colSpan={SESSION_COLUMNS.length} className="px-3 py-4 text-center text-slate-600">
                Not signed in anywhere.
              </td>
            </tr>
          ) : (
            account.sessions.map((s) => (
              <tr key={s.id} data-testid="customer-session" className="border-t border-slate-100 align-top">
                <td className={cellClass(undefined, "font-mono")}>{s.ip ?? "—"}</td>
                <td className={cellClass()} title={s.userAgent ?? undefined}>
                  {s.browser ?? "—"}
                </td>
                <td className={cellClass()}>{formatIstDateTime(s.createdAt)}</td>
                <td className={cellClass("sm")}>{formatIstDateTime(s.expiresAt)}</td>
                <td className={cellClass()}>
                  <CustomerSessionEnd accountId={account.id} sessionId={s.id} />
                </td>
              </tr>
            ))
          )}
        </DataTable>
      </section>

      <section aria-labelledby="account-audit" className="space-y-2">
        <h2 id="account-audit" className="text-lg font-semibold">
          Recent activity
        </h2>
        <DataTable columns={AUDIT_COLUMNS} testId="customer-account-audit">
          {account.recentAudit.length === 0 ? (
            <tr>
              <td colSpan={AUDIT_COLUMNS.length} className="px-3 py-4 text-center text-slate-600">
                Nothing recorded yet.
              </td>
            </tr>
          ) : (
            account.recentAudit.map((row) => (
              <tr key={row.id} className="border-t border-slate-100 align-top">
                <td className={cellClass()}>{formatIstDateTime(row.createdAt)}</td>
                <td className={cellClass(undefined, "font-mono")}>{row.action}</td>
                <td className={cellClass()}>{row.actorUsername ?? row.actor ?? "—"}</td>
                <td className={cellClass("sm", "font-mono")}>{row.ip ?? "—"}</td>
              </tr>
            ))
          )}
        </DataTable>
        <Link href={`/admin/audit?entityType=user&entityId=${encodeURIComponent(account.id)}`} className="text-sm font-medium text-brand-700 underline">
          Full audit log of this account
        </Link>
      </section>
    </section>
  );
}
