import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { countPendingPromotions } from "@/lib/server/promotions/queries";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requirePageRole("admin");
  const pendingPromotions = await countPendingPromotions(getDb());
  return (
    <section className="space-y-4">
      <PageHeader title="Administration" />
      <ul className="grid gap-3 sm:grid-cols-2">
        <li>
          <Link href="/admin/users" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Users</span>
            <span className="block text-sm text-slate-600">Who can sign in, their roles and areas</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/promotions" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600" data-testid="admin-promotions-card">
            <span className="font-semibold">Promotion requests</span>
            {pendingPromotions > 0 && (
              <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-sm font-semibold text-amber-900 tabular-nums">{pendingPromotions} waiting</span>
            )}
            <span className="block text-sm text-slate-600">Staff asking for a higher role: approve or reject with a note</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/customers" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Customer accounts</span>
            <span className="block text-sm text-slate-600">Portal accounts of dealers: create, deactivate, reset, sessions</span>
          </Link>
        </li>
        <li>
          <Link href="/portal" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Customer portal</span>
            <span className="block text-sm text-slate-600">The dealers&apos; grid over every customer (or view as one account from its page)</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/customers/list" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Customers</span>
            <span className="block text-sm text-slate-600">Who the bills are for: names, codes, contacts</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/tokens" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">API tokens</span>
            <span className="block text-sm text-slate-600">Tokens for scanners and integrations: issue, see last use, revoke</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/sessions" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Sessions</span>
            <span className="block text-sm text-slate-600">Who is signed in where; end sessions</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/audit" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Audit log</span>
            <span className="block text-sm text-slate-600">Security events and data changes, with before/after</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/analytics" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Analytics</span>
            <span className="block text-sm text-slate-600">Sign-ins of customer accounts and staff: logins, sessions, recent attempts</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/exports" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Exports</span>
            <span className="block text-sm text-slate-600">Bags, links, scans, bills and the audit log as CSV or Excel, every row</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/outbox" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Mail outbox</span>
            <span className="block text-sm text-slate-600">Mails kept in the app while no SMTP server is configured</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/health" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Health</span>
            <span className="block text-sm text-slate-600">Database, pool, Redis, cache, memory, event loop and errors</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/imports" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Imports</span>
            <span className="block text-sm text-slate-600">Bags and links, bills, label-printer batches from CSV or XLSX: dry run, then import</span>
          </Link>
        </li>
        <li>
          <Link href="/admin/backups" className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
            <span className="font-semibold">Backups</span>
            <span className="block text-sm text-slate-600">Database backups: list, download, back up now; restore steps in the README</span>
          </Link>
        </li>
      </ul>
    </section>
  );
}
