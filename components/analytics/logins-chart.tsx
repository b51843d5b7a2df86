"use client";

import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from "chart.js";
import { useLocale } from "next-intl";
import { Bar } from "react-chartjs-2";
import { formatCount } from "@/lib/format";

// Only the pieces a stacked bar chart needs, as the dashboard's chart does.
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

export interface ChartSeries {
  label: string;
  data: number[];
  color: string;
}

/** Sign-ins per IST day (14 days), one bar per day, stacked when there are several series. */
export function LoginsChart({ labels, series, summary }: { labels: string[]; series: ChartSeries[]; summary: string }) {
  const locale = useLocale();
  return (
    // chart.js sizes the canvas from this box: it must be relative and free to shrink (min-w-0).
    <div className="relative h-56 w-full min-w-0" role="img" aria-label={summary}>
      <Bar
        aria-hidden="true"
        data={{ labels, datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color })) }}
        options={{
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: series.length > 1 } },
          scales: {
            y: { beginAtZero: true, stacked: true, ticks: { precision: 0, callback: (value) => (typeof value === "number" ? formatCount(value, locale) : value) } },
            x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true } },
          },
        }}
      />
    </div>
  );
}
