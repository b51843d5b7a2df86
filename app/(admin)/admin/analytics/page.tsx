import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { DailyLoginsPanel } from "@/components/analytics/daily-logins";
import { MostActiveTable, RecentLoginsTable, StaffRolesTable } from "@/components/analytics/usage-tables";
import { StatCard } from "@/components/dashboard/stat-card";
import { PageHeader } from "@/components/ui/page-header";
import { formatRole, type StaffRole } from "@/lib/domain";
import type { UsageCounts } from "@/lib/dto/analytics";
import { can } from "@/lib/permissions";
import { readUsageAnalytics } from "@/lib/server/analytics/usage";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Usage analytics" };

const ROLE_COLORS: Record<StaffRole, string> = { admin: "#0d3a22", biller: "#1f7a45", dispatcher: "#6aa84f", gate: "#b45309" };

/** The headline cards of one group; `prefix` names their testids ("analytics-customer-logins-7d"). */
function UsageCards({ counts, prefix, accountsLabel }: { counts: UsageCounts; prefix: string; accountsLabel: string }) {
  return (
    <dl className="grid grid-cols-2 gap-4 md:grid-cols-5">
      <StatCard label={accountsLabel} value={counts.activeAccounts} testId={`${prefix}-active-accounts`} hint="Not deactivated" />
      <StatCard label="Sign-ins, 7 days" value={counts.logins7d} testId={`${prefix}-logins-7d`} />
      <StatCard label="Unique accounts, 7 days" value={counts.uniqueLogins7d} testId={`${prefix}-unique-7d`} hint="Signed in at least once" />
      <StatCard label="Refused sign-ins, 7 days" value={counts.failedLogins7d} testId={`${prefix}-failed-7d`} />
      <StatCard label="Active sessions now" value={counts.activeSessions} testId={`${prefix}-active-sessions`} />
    </dl>
  );
}

export default async function AnalyticsPage() {
  const user = await requirePageUser();
  if (!can(user.role, "analytics:view")) forbidden();
  const data = await readUsageAnalytics(getDb(), new Date(), { absoluteMs: sessionPolicy().absoluteMs });
  const { customers, staff, unknown } = data;
  return (
    <section className="space-y-8">
      <PageHeader title="Usage analytics" subtitle={`Sign-ins and sessions as of ${formatIstDateTime(data.generatedAt)} IST. Sign-in history is kept 90 days.`} />

      <section aria-labelledby="customers-title" className="space-y-4">
        <h2 id="customers-title" className="text-xl font-bold">
          Customer accounts
        </h2>
        <UsageCards counts={customers} prefix="analytics-customer" accountsLabel="Active customer accounts" />
        <DailyLoginsPanel
          title="Customer sign-ins per day (IST), last 14 days"
          testId="analytics-customer-per-day"
          series={[{ label: "Customers", color: "#1f7a45", perDay: customers.loginsPerDay }]}
        />
        <h3 className="font-semibold">Most active customer accounts (30 days)</h3>
        <MostActiveTable rows={customers.mostActive} testId="analytics-customer-most-active" caption="Most active customer accounts over 30 days" />
        <h3 className="font-semibold">Recent customer sign-ins</h3>
        <RecentLoginsTable
          rows={customers.recentLogins}
          testId="analytics-recent-logins"
          rowTestId="analytics-recent-login"
          caption="The last 20 customer sign-in attempts"
        />
      </section>

      <section aria-labelledby="staff-title" className="space-y-4">
        <h2 id="staff-title" className="text-xl font-bold">
          Staff
        </h2>
        <UsageCards counts={staff} prefix="analytics-staff" accountsLabel="Active staff accounts" />
        <StaffRolesTable rows={staff.byRole} />
        <DailyLoginsPanel
          title="Staff sign-ins per day (IST) by role, last 14 days"
          testId="analytics-staff-per-day"
          series={staff.byRole.map((r) => ({ label: formatRole(r.role), color: ROLE_COLORS[r.role], perDay: r.loginsPerDay }))}
        />
        <h3 className="font-semibold">Most active staff accounts (30 days)</h3>
        <MostActiveTable rows={staff.mostActive} testId="analytics-staff-most-active" caption="Most active staff accounts over 30 days" />
        <h3 className="font-semibold">Recent staff sign-ins</h3>
        <RecentLoginsTable
          rows={staff.recentLogins}
          testId="analytics-staff-recent-logins"
          rowTestId="analytics-staff-recent-login"
          caption="The last 20 staff sign-in attempts"
        />
      </section>

      <section aria-labelledby="unknown-title" className="space-y-4">
        <h2 id="unknown-title" className="text-xl font-bold">
          Names that matched no account
        </h2>
        <p className="text-sm text-slate-600">
          <span className="font-semibold tabular-nums" data-testid="analytics-unknown-failed-7d">
            {unknown.failedLogins7d.toLocaleString("en-IN")}
          </span>{" "}
          refused sign-in{unknown.failedLogins7d === 1 ? "" : "s"} in the last 7 days with a username or e-mail that is not an account.
        </p>
        <RecentLoginsTable
          rows={unknown.recentAttempts}
          testId="analytics-unknown-recent"
          rowTestId="analytics-unknown-attempt"
          caption="The last 20 sign-in attempts with an unknown name"
        />
      </section>
    </section>
  );
}
