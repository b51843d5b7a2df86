"use client";

import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip } from "chart.js";
import { Bar } from "react-chartjs-2";

// Only the pieces a bar chart needs, so the dashboard's chart chunk stays small.
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip);

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}:00`);

/** Today's scans per IST hour (loaded only on the dashboard, in the browser). */
export function ScansChart({ perHour }: { perHour: number[] }) {
  const peak = perHour.reduce((best, n, h) => (n > (perHour[best] ?? 0) ? h : best), 0);
  const total = perHour.reduce((a, b) => a + b, 0);
  const summary = total === 0 ? "No scans yet today." : `${total} scans today; busiest hour ${HOURS[peak]} with ${perHour[peak]} scans.`;
  return (
    // chart.js sizes the canvas from this box: it must be relative and free to shrink (min-w-0).
    <div className="relative h-56 w-full min-w-0" role="img" aria-label={`Scans per hour today. ${summary}`}>
      <Bar
        data={{ labels: HOURS, datasets: [{ label: "Scans", data: perHour, backgroundColor: "#1f7a45" }] }}
        options={{
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxRotation: 0, autoSkip: true } } },
        }}
      />
    </div>
  );
}
