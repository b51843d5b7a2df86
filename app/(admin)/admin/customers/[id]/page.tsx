import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuditActionName } from "@/components/admin/audit-names";
import { CustomerAccountActions } from "@/components/customers/customer-account-actions";
import { CustomerAccountEditForm } from "@/components/customers/customer-account-edit-form";
import { CustomerSessionEnd } from "@/components/customers/customer-session-end";
import { FactList } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatCount, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { decodeSegment } from "@/lib/server/route";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { customerAccountDetail } from "@/lib/server/customers/account-queries";
import { getDb } from "@/lib/server/db";

export async function generateMetadata() {
  const t = await getTranslations("customers.account");
  return { title: t("metaTitle") };
}

export default async function CustomerAccountPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  if (!can(user.role, "customers:manage")) forbidden();
  const id = decodeSegment((await params).id);
  const account = await customerAccountDetail(getDb(), id, { policy: sessionPolicy() });
  if (!account) notFound();
  const active = account.status === "active";
  const { locale, t } = await readerTranslator("customers.account");
  const when = (d: Date) => formatDateTime(d, locale);
  const sessionColumns: Column[] = [
    { label: t("sessionColumns.ip") },
    { label: t("sessionColumns.browser") },
    { label: t("sessionColumns.signedIn") },
    { label: t("sessionColumns.ends"), show: "sm" },
    { label: t("sessionColumns.actions") },
  ];
  const auditColumns: Column[] = [{ label: t("auditColumns.when") }, { label: t("auditColumns.action") }, { label: t("auditColumns.by") }, { label: t("auditColumns.ip"), show: "sm" }];
  return (
    <section className="space-y-6">
      <PageHeader
        back={{ href: "/admin/customers", label: t("back") }}
        title={account.email}
        titleClassName="text-2xl [overflow-wrap:anywhere]"
        subtitle={account.name ?? undefined}
        actions={
          <Link href={`/portal?as=${encodeURIComponent(account.id)}`} prefetch={false} className="font-medium text-brand-700 underline">
            {t("viewAs")}
          </Link>
        }
      />
      <FactList
        testId="customer-account-facts"
        facts={[
          [t("facts.status"), active ? t("active") : t("inactiveSince", { time: account.deactivatedAt ? when(account.deactivatedAt) : "—" })],
          [
            t("facts.customers"),
            account.allCustomers ? t("allCustomers") : account.linked.map((c) => t("customer", { name: c.name, code: c.code })).join(", ") || "—",
          ],
          [t("facts.lastLogin"), account.lastLoginAt ? when(account.lastLoginAt) : t("never")],
          [t("facts.password"), account.mustChangePassword ? t("passwordTemporary") : t("passwordChosen")],
          [t("facts.created"), when(account.createdAt)],
          [t("facts.activeSessions"), formatCount(account.activeSessions, locale)],
        ]}
      />
      <CustomerAccountActions accountId={account.id} active={active} />

      <section aria-labelledby="edit-account" className="space-y-2">
        <h2 id="edit-account" className="text-lg font-semibold">
          {t("edit")}
        </h2>
        <CustomerAccountEditForm accountId={account.id} name={account.name} customers={account.customers} allCustomers={account.allCustomers} />
      </section>

      <section aria-labelledby="account-sessions" className="space-y-2">
        <h2 id="account-sessions" className="text-lg font-semibold">
          {t("sessions")}
        </h2>
        <DataTable columns={sessionColumns} testId="customer-sessions">
          {account.sessions.length === 0 ? (
            <tr>
              <td colSpan={sessionColumns.length} className="px-3 py-4 text-center text-slate-600">
                {t("notSignedIn")}
              </td>
            </tr>
          ) : (
            account.sessions.map((s) => (
              <tr key={s.id} data-testid="customer-session" className="border-t border-slate-100 align-top">
                <td className={cellClass(undefined, "font-mono")}>{s.ip ?? "—"}</td>
                <td className={cellClass()} title={s.userAgent ?? undefined}>
                  {s.browser ?? "—"}
                </td>
                <td className={cellClass()}>{when(s.createdAt)}</td>
                <td className={cellClass("sm")}>{when(s.expiresAt)}</td>
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
          {t("activity")}
        </h2>
        <DataTable columns={auditColumns} testId="customer-account-audit">
          {account.recentAudit.length === 0 ? (
            <tr>
              <td colSpan={auditColumns.length} className="px-3 py-4 text-center text-slate-600">
                {t("nothing")}
              </td>
            </tr>
          ) : (
            account.recentAudit.map((row) => (
              <tr key={row.id} className="border-t border-slate-100 align-top">
                <td className={cellClass()}>{when(row.createdAt)}</td>
                <td className={cellClass()}>
                  <AuditActionName action={row.action} />
                </td>
                <td className={cellClass()}>{row.actorUsername ?? row.actor ?? "—"}</td>
                <td className={cellClass("sm", "font-mono")}>{row.ip ?? "—"}</td>
              </tr>
            ))
          )}
        </DataTable>
        <Link href={`/admin/audit?entityType=user&entityId=${encodeURIComponent(account.id)}`} className="text-sm font-medium text-brand-700 underline">
          {t("fullLog")}
        </Link>
      </section>
    </section>
  );
}
