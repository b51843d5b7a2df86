"use client";

import dynamic from "next/dynamic";

// chart.js is loaded only in the browser, after the numbers (and the table beside it) are on screen.
export const LazyLoginsChart = dynamic(() => import("./logins-chart").then((m) => m.LoginsChart), {
  ssr: false,
  loading: () => <div className="h-56 animate-pulse rounded bg-slate-100" />,
});
