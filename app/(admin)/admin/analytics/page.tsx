import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { DailyLoginsPanel } from "@/components/analytics/daily-logins";
import { MostActiveTable, RecentLoginsTable, StaffRolesTable } from "@/components/analytics/usage-tables";
import { StatCard } from "@/components/dashboard/stat-card";
import { PageHeader } from "@/components/ui/page-header";
import type { StaffRole } from "@/lib/domain";
import type { UsageCounts } from "@/lib/dto/analytics";
import { formatCount, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { readerTranslator, translator, type TranslatorOf } from "@/lib/server/admin/i18n";
import { readUsageAnalytics } from "@/lib/server/analytics/usage";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";

export async function generateMetadata() {
  const t = await getTranslations("admin.analytics");
  return { title: t("metaTitle") };
}

const ROLE_COLORS: Record<StaffRole, string> = { admin: "#0d3a22", biller: "#1f7a45", dispatcher: "#6aa84f", gate: "#b45309" };

/** The headline cards of one group; `prefix` names their testids ("analytics-customer-logins-7d"). */
function UsageCards({ counts, prefix, accountsLabel, t }: { counts: UsageCounts; prefix: string; accountsLabel: string; t: TranslatorOf<"admin.analytics"> }) {
  return (
    <dl className="grid grid-cols-2 gap-4 md:grid-cols-5">
      <StatCard label={accountsLabel} value={counts.activeAccounts} testId={`${prefix}-active-accounts`} hint={t("cards.notDeactivated")} />
      <StatCard label={t("cards.signIns7d")} value={counts.logins7d} testId={`${prefix}-logins-7d`} />
      <StatCard label={t("cards.unique7d")} value={counts.uniqueLogins7d} testId={`${prefix}-unique-7d`} hint={t("cards.uniqueHint")} />
      <StatCard label={t("cards.refused7d")} value={counts.failedLogins7d} testId={`${prefix}-failed-7d`} />
      <StatCard label={t("cards.activeSessions")} value={counts.activeSessions} testId={`${prefix}-active-sessions`} />
    </dl>
  );
}

export default async function AnalyticsPage() {
  const user = await requirePageUser();
  if (!can(user.role, "analytics:view")) forbidden();
  const data = await readUsageAnalytics(getDb(), new Date(), { absoluteMs: sessionPolicy().absoluteMs });
  const { customers, staff, unknown } = data;
  const { locale, t } = await readerTranslator("admin.analytics");
  const tc = translator(locale, "common");
  return (
    <section className="space-y-8">
      <PageHeader title={t("title")} subtitle={t("subtitle", { time: formatDateTime(data.generatedAt, locale) })} />

      <section aria-labelledby="customers-title" className="space-y-4">
        <h2 id="customers-title" className="text-xl font-bold">
          {t("customers.title")}
        </h2>
        <UsageCards counts={customers} prefix="analytics-customer" accountsLabel={t("customers.active")} t={t} />
        <DailyLoginsPanel
          title={t("customers.perDay")}
          testId="analytics-customer-per-day"
          series={[{ label: t("customers.series"), color: "#1f7a45", perDay: customers.loginsPerDay }]}
        />
        <h3 className="font-semibold">{t("customers.mostActiveTitle")}</h3>
        <MostActiveTable rows={customers.mostActive} testId="analytics-customer-most-active" caption={t("customers.mostActiveCaption")} />
        <h3 className="font-semibold">{t("customers.recentTitle")}</h3>
        <RecentLoginsTable rows={customers.recentLogins} testId="analytics-recent-logins" rowTestId="analytics-recent-login" caption={t("customers.recentCaption")} />
      </section>

      <section aria-labelledby="staff-title" className="space-y-4">
        <h2 id="staff-title" className="text-xl font-bold">
          {t("staff.title")}
        </h2>
        <UsageCards counts={staff} prefix="analytics-staff" accountsLabel={t("staff.active")} t={t} />
        <StaffRolesTable rows={staff.byRole} />
        <DailyLoginsPanel
          title={t("staff.perDay")}
          testId="analytics-staff-per-day"
          series={staff.byRole.map((r) => ({ label: tc(`roles.${r.role}`), color: ROLE_COLORS[r.role], perDay: r.loginsPerDay }))}
        />
        <h3 className="font-semibold">{t("staff.mostActiveTitle")}</h3>
        <MostActiveTable rows={staff.mostActive} testId="analytics-staff-most-active" caption={t("staff.mostActiveCaption")} />
        <h3 className="font-semibold">{t("staff.recentTitle")}</h3>
        <RecentLoginsTable
          rows={staff.recentLogins}
          testId="analytics-staff-recent-logins"
          rowTestId="analytics-staff-recent-login"
          caption={t("staff.recentCaption")}
        />
      </section>

      <section aria-labelledby="unknown-title" className="space-y-4">
        <h2 id="unknown-title" className="text-xl font-bold">
          {t("unknown.title")}
        </h2>
        <p className="text-sm text-slate-600">
          {t.rich("unknown.text", {
            count: unknown.failedLogins7d,
            n: formatCount(unknown.failedLogins7d, locale),
            // The number alone carries the testid (the e2e tests read it).
            num: (chunks) => (
              <span className="font-semibold tabular-nums" data-testid="analytics-unknown-failed-7d">
                {chunks}
              </span>
            ),
          })}
        </p>
        <RecentLoginsTable rows={unknown.recentAttempts} testId="analytics-unknown-recent" rowTestId="analytics-unknown-attempt" caption={t("unknown.caption")} />
      </section>
    </section>
  );
}
