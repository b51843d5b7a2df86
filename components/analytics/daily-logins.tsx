import { useLocale, useTranslations } from "next-intl";
import type { DailyLogins } from "@/lib/dto/analytics";
import { formatCount } from "@/lib/format";
import { formatDayLabel } from "./format";
import { LazyLoginsChart } from "./logins-chart-lazy";
import type { ChartSeries } from "./logins-chart";

export interface DailySeries {
  label: string;
  color: string;
  perDay: DailyLogins[];
}

/**
 * Sign-ins per IST day over 14 days: the chart (drawn in the browser, its numbers in its
 * aria-label) and the same numbers as a table under "Show as a table" for anyone who wants them.
 */
export function DailyLoginsPanel({ title, series, testId }: { title: string; series: DailySeries[]; testId: string }) {
  const t = useTranslations("analytics.daily");
  const locale = useLocale();
  const count = (n: number) => formatCount(n, locale);
  const days = series[0]?.perDay.map((d) => d.day) ?? [];
  const labels = days.map((day) => formatDayLabel(day, locale));
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.perDay[i]?.logins ?? 0), 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const summary =
    total === 0
      ? t("summaryNone", { title })
      : t("summary", { title, total: count(total), days: labels.map((l, i) => `${l}: ${count(totals[i] ?? 0)}`).join(", ") });
  const chartSeries: ChartSeries[] = series.map((s) => ({ label: s.label, color: s.color, data: s.perDay.map((d) => d.logins) }));
  return (
    <section aria-label={title} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4" data-testid={testId}>
      <h3 className="mb-2 font-semibold">{title}</h3>
      <LazyLoginsChart labels={labels} series={chartSeries} summary={summary} />
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700">{t("showTable")}</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{t("caption", { title })}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-1">
                  {t("day")}
                </th>
                {series.length > 1 && series.map((s) => <th key={s.label} scope="col" className="px-2 py-1">{s.label}</th>)}
                <th scope="col" className="px-2 py-1">
                  {t("signIns")}
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((day, i) => (
                <tr key={day} className="border-t border-slate-100" data-testid={`${testId}-day`} data-day={day}>
                  <th scope="row" className="px-2 py-1 font-normal">
                    {labels[i]}
                  </th>
                  {series.length > 1 && series.map((s) => <td key={s.label} className="px-2 py-1">{count(s.perDay[i]?.logins ?? 0)}</td>)}
                  <td className="px-2 py-1">{count(totals[i] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
