import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { LiveDashboard } from "@/components/dashboard/live-dashboard";
import { PageHeader } from "@/components/ui/page-header";
import { formatCount, formatDateTime } from "@/lib/format";
import { homePathFor } from "@/lib/navigation";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { sessionPolicy } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getDashboardActivity } from "@/lib/server/stats/activity";
import { getStatsFor } from "@/lib/server/stats/read";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.page");
  return { title: t("title") };
}

/** Numbers for the first paint; if the counters are unreachable the island retries in the browser. */
function orNull<T>(p: Promise<T>): Promise<T | null> {
  return p.catch(() => null);
}

export default async function DashboardPage() {
  // Sign-in lands here by default; a role without a dashboard (the gate, a customer) goes to its own page.
  const user = await requirePageUser({ allowCustomer: true });
  if (!can(user.role, "dashboard:view")) redirect(homePathFor(user.role));
  const policy = sessionPolicy();
  const [stats, activity] = await Promise.all([orNull(getStatsFor(user)), orNull(getDashboardActivity(getDb(), user))]);
  const allAreas = can(user.role, "bags:view_all_areas");
  const t = await getTranslations("dashboard.page");
  const tc = await getTranslations("common");
  const locale = await getLocale();
  return (
    <section className="space-y-6">
      <PageHeader
        title={t("title")}
        actions={
          <p className="text-sm text-slate-600">
            {user.username} · {tc(`roles.${user.role}`)} · {allAreas ? t("allAreas") : tc(`areas.${user.dispatchArea ?? "none"}`)}
          </p>
        }
      />
      {user.role === "dispatcher" && !user.dispatchArea && (
        <p role="alert" data-testid="no-area" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t("noArea")}
        </p>
      )}
      <LiveDashboard initialStats={stats} initialActivity={activity} allAreas={allAreas} showPasses={can(user.role, "passes:manage")} />
      <p className="text-sm text-slate-600">
        {t("session", {
          started: formatDateTime(user.sessionCreatedAt, locale),
          idle: formatCount(policy.idleMs / 60_000, locale),
          total: formatCount(policy.absoluteMs / 60_000, locale),
        })}
      </p>
    </section>
  );
}
