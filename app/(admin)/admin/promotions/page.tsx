import Link from "next/link";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PromotionDecisionForm } from "@/components/admin/promotion-decision-form";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { Role } from "@/lib/domain";
import { formatCount, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { readerTranslator, translator } from "@/lib/server/admin/i18n";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { DECIDED_SHOWN, listDecidedPromotions, listPendingPromotions } from "@/lib/server/promotions/queries";

export async function generateMetadata() {
  const t = await getTranslations("admin.promotions");
  return { title: t("metaTitle") };
}

const userHref = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

export default async function PromotionsPage() {
  const viewer = await requirePageUser();
  if (!can(viewer.role, "promotion:decide")) forbidden();
  const db = getDb();
  const [pending, decided] = await Promise.all([listPendingPromotions(db), listDecidedPromotions(db)]);
  const { locale, t } = await readerTranslator("admin.promotions");
  const tc = translator(locale, "common");
  const roleName = (role: string) => tc(`roles.${role as Role}`);
  const columns: Column[] = [
    { label: t("columns.decided") },
    { label: t("columns.requester") },
    { label: t("columns.asked") },
    { label: t("columns.decision") },
    { label: t("columns.by"), show: "sm" },
    { label: t("columns.note"), show: "md" },
  ];
  return (
    <section className="space-y-8">
      <PageHeader back={{ href: "/admin", label: t("back") }} title={t("title")} subtitle={t("subtitle")} />

      <section aria-labelledby="pending-title" className="space-y-3">
        <h2 id="pending-title" className="text-lg font-semibold">
          {t("pendingTitle", { count: formatCount(pending.length, locale) })}
        </h2>
        {pending.length === 0 ? (
          <p className="text-slate-700" data-testid="promotions-none-pending">
            {t("nonePending")}
          </p>
        ) : (
          <ul className="space-y-3" data-testid="promotions-pending">
            {pending.map((p) => (
              <li key={p.id} data-testid={`promotion-row-${p.username}`} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2">
                <div className="min-w-0 space-y-1">
                  <p className="font-semibold">
                    <Link href={userHref(p.userId)} className="text-brand-700 underline">
                      {p.username}
                    </Link>
                  </p>
                  <p className="text-sm">
                    {roleName(p.currentRole)}
                    {p.currentRole === "dispatcher" ? ` · ${tc(`areas.${p.dispatchArea ?? "none"}`)}` : ""} → <strong>{roleName(p.requestedRole)}</strong>
                  </p>
                  {p.currentRole !== p.fromRole && (
                    // The role as the request recorded it, lower case in the sentence ("Asked as dispatcher").
                    <p className="text-sm text-amber-800">{t("roleChanged", { role: roleName(p.fromRole).toLowerCase() })}</p>
                  )}
                  <p className="text-sm text-slate-600">{t("asked", { time: formatDateTime(p.createdAt, locale) })}</p>
                  <p className="rounded bg-slate-50 p-2 text-sm [overflow-wrap:anywhere] whitespace-pre-line" data-testid="promotion-reason">
                    {p.reason}
                  </p>
                </div>
                <PromotionDecisionForm requestId={p.id} username={p.username} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="decided-title" className="space-y-3">
        <h2 id="decided-title" className="text-lg font-semibold">
          {t("decidedTitle", { count: formatCount(DECIDED_SHOWN, locale) })}
        </h2>
        <DataTable columns={columns} testId="promotions-decided">
          {decided.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-4 text-center text-slate-600">
                {t("noneDecided")}
              </td>
            </tr>
          ) : (
            decided.map((p) => (
              <tr key={p.id} className="border-t border-slate-100 align-top" data-testid="promotion-decided-row" data-status={p.status}>
                <td className={cellClass(undefined, "whitespace-nowrap")}>{p.decidedAt ? formatDateTime(p.decidedAt, locale) : "—"}</td>
                <td className={cellClass()}>
                  <Link href={userHref(p.userId)} className="text-brand-700 underline">
                    {p.username}
                  </Link>
                </td>
                <td className={cellClass()}>
                  {roleName(p.fromRole)} → {roleName(p.requestedRole)}
                </td>
                <td className={cellClass(undefined, p.status === "approved" ? "font-semibold text-green-800" : "font-semibold text-red-800")}>
                  {p.status === "approved" ? t("approved") : t("rejected")}
                </td>
                <td className={cellClass("sm")}>{p.decidedBy ?? "—"}</td>
                <td className={cellClass("md", "[overflow-wrap:anywhere] whitespace-pre-line")}>{p.decisionNote ?? "—"}</td>
              </tr>
            ))
          )}
        </DataTable>
      </section>
    </section>
  );
}
