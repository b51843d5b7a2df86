"use client";

import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip } from "chart.js";
import { useLocale, useTranslations } from "next-intl";
import { Bar } from "react-chartjs-2";
import { formatCount } from "@/lib/format";

// Only the pieces a bar chart needs, so the dashboard's chart chunk stays small.
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip);

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}:00`);

/** Today's scans per IST hour (loaded only on the dashboard, in the browser). */
export function ScansChart({ perHour }: { perHour: number[] }) {
  const t = useTranslations("dashboard.chart");
  const locale = useLocale();
  const peak = perHour.reduce((best, n, h) => (n > (perHour[best] ?? 0) ? h : best), 0);
  const total = perHour.reduce((a, b) => a + b, 0);
  const count = (n: number) => formatCount(n, locale);
  const summary =
    total === 0
      ? t("noScans")
      : t("summary", { total: count(total), hour: HOURS[peak] ?? "", peak: count(perHour[peak] ?? 0) });
  return (
    // chart.js sizes the canvas from this box: it must be relative and free to shrink (min-w-0).
    <div className="relative h-56 w-full min-w-0" role="img" aria-label={t("ariaLabel", { summary })}>
      <Bar
        aria-hidden="true"
        data={{ labels: HOURS, datasets: [{ label: t("dataset"), data: perHour, backgroundColor: "#1f7a45" }] }}
        options={{
          maintainAspectRatio: false,
          animation: false,
          scales: {
            y: { beginAtZero: true, ticks: { precision: 0, callback: (value) => (typeof value === "number" ? count(value) : value) } },
            x: { ticks: { maxRotation: 0, autoSkip: true } },
          },
        }}
      />
    </div>
  );
}
