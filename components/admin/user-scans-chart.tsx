import { useLocale, useTranslations } from "next-intl";
import { formatDayLabel } from "@/components/analytics/format";
import { LazyLoginsChart } from "@/components/analytics/logins-chart-lazy";
import type { DailyScans } from "@/lib/dto/user-profile";
import { formatCount } from "@/lib/format";

/**
 * One user's scans per IST day: the bar chart (drawn in the browser, its numbers in its
 * aria-label) and the same numbers as a table under "Show as a table".
 */
export function UserScansChart({ perDay }: { perDay: DailyScans[] }) {
  const t = useTranslations("users.profile.chart");
  const locale = useLocale();
  const title = t("title");
  const labels = perDay.map((d) => formatDayLabel(d.day));
  const total = perDay.reduce((sum, d) => sum + d.scans, 0);
  const days = perDay.map((d, i) => t("day", { day: labels[i] ?? d.day, scans: formatCount(d.scans, locale) })).join(", ");
  const summary = total === 0 ? t("summaryNone", { title }) : t("summary", { title, total: formatCount(total, locale), days });
  return (
    <section aria-label={title} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4" data-testid="user-scans-per-day">
      <h3 className="mb-2 font-semibold">{title}</h3>
      <LazyLoginsChart labels={labels} series={[{ label: t("series"), color: "#1f7a45", data: perDay.map((d) => d.scans) }]} summary={summary} />
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700">{t("showTable")}</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{title}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-1">
                  {t("dayColumn")}
                </th>
                <th scope="col" className="px-2 py-1">
                  {t("scansColumn")}
                </th>
              </tr>
            </thead>
            <tbody>
              {perDay.map((d, i) => (
                <tr key={d.day} className="border-t border-slate-100" data-testid="user-scans-day" data-day={d.day}>
                  <th scope="row" className="px-2 py-1 font-normal">
                    {labels[i]}
                  </th>
                  <td className="px-2 py-1">{formatCount(d.scans, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
