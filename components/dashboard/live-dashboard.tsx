"use client";

import dynamic from "next/dynamic";
import { useLocale, useTranslations } from "next-intl";
import useSWR from "swr";
import type { DashboardActivity, StatsDto } from "@/lib/dto/stats";
import { formatTime } from "@/lib/format";
import { fetchJson } from "./fetch-json";
import { RecentActivity } from "./recent-activity";
import { StatCard } from "./stat-card";

// chart.js is loaded only here, in the browser, after the numbers are on screen.
const ScansChart = dynamic(() => import("./scans-chart").then((m) => m.ScansChart), {
  ssr: false,
  loading: () => <div className="h-56 animate-pulse rounded bg-slate-100" />,
});

export const STATS_REFRESH_MS = 3_000;
const ACTIVITY_REFRESH_MS = 5_000;

/** The dashboard's live numbers: polled with SWR, never a page reload. */
export function LiveDashboard({
  initialStats,
  initialActivity,
  allAreas,
  showPasses = false,
}: {
  initialStats: StatsDto | null;
  initialActivity: DashboardActivity | null;
  allAreas: boolean;
  /** The gate pass cards (billers and admins). */
  showPasses?: boolean;
}) {
  const t = useTranslations("dashboard.live");
  const tc = useTranslations("common");
  const locale = useLocale();
  const stats = useSWR<StatsDto>("/api/stats", fetchJson, {
    fallbackData: initialStats ?? undefined,
    refreshInterval: STATS_REFRESH_MS,
    revalidateOnMount: initialStats === null,
  });
  const activity = useSWR<DashboardActivity>("/api/stats/activity", fetchJson, {
    fallbackData: initialActivity ?? undefined,
    refreshInterval: ACTIVITY_REFRESH_MS,
    revalidateOnMount: initialActivity === null,
  });
  const s = stats.data;
  const a = activity.data;
  const passes = s?.passes ?? null;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm text-slate-600">
        <span>{allAreas ? t("allAreas") : t("yourArea")}</span>
        <span aria-live="polite" data-testid="stats-updated">
          {stats.error
            ? t("refreshFailed", { reason: stats.error.message })
            : s
              ? t("updated", { time: formatTime(s.generatedAt, locale) })
              : tc("words.loading")}
        </span>
      </div>
      {(s?.stale || a?.stale) && (
        <p role="status" data-testid="stats-stale" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("stale")}
        </p>
      )}
      <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <StatCard label={t("bags")} value={s?.totalBags ?? null} testId="stat-total-bags" />
        <StatCard label={t("parentBags")} value={s?.parentBags ?? null} testId="stat-parent-bags" />
        <StatCard label={t("childBags")} value={s?.childBags ?? null} testId="stat-child-bags" />
        <StatCard label={t("scansToday")} value={s?.scansToday ?? null} testId="stat-scans-today" hint={t("istDay")} />
        {s?.bills && (
          <>
            <StatCard label={t("billsNew")} value={s.bills.new} testId="stat-bills-new" />
            <StatCard label={t("billsProcessing")} value={s.bills.processing} testId="stat-bills-processing" />
            <StatCard label={t("billsCompleted")} value={s.bills.completed} testId="stat-bills-completed" />
          </>
        )}
        {showPasses && (
          <>
            <StatCard label={t("passesActive")} value={passes?.active ?? null} testId="stat-passes-active" hint={t("passesActiveHint")} />
            <StatCard label={t("trucksOut")} value={passes?.usedToday ?? null} testId="stat-trucks-out-today" hint={t("trucksOutHint")} />
          </>
        )}
        <StatCard label={t("myScans")} value={a?.myScansToday ?? null} testId="stat-my-scans" />
      </dl>
      {/* min-w-0: a grid item is otherwise as wide as its content, and the chart's canvas keeps its
          old pixel width after a rotation, so the track never shrinks back to the screen. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-5">
        <section aria-labelledby="chart-title" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 lg:col-span-3">
          <h2 id="chart-title" className="mb-2 font-semibold">
            {t("chartTitle")}
          </h2>
          {a ? <ScansChart perHour={a.scansPerHour} /> : <p className="text-sm text-slate-600">{t("unavailable")}</p>}
        </section>
        <section aria-labelledby="activity-title" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 lg:col-span-2">
          <h2 id="activity-title" className="mb-2 font-semibold">
            {t("activityTitle")}
          </h2>
          {a ? <RecentActivity rows={a.recent} showArea={allAreas} /> : <p className="text-sm text-slate-600">{t("unavailable")}</p>}
        </section>
      </div>
    </div>
  );
}
