"use client";

import useSWR from "swr";
import { fetchJson } from "@/components/dashboard/fetch-json";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { Light, SystemHealth } from "@/lib/dto/health";
import { formatIstTime } from "@/lib/time";

const LIGHT_STYLE: Record<Light, string> = {
  green: "bg-green-700 text-white",
  amber: "bg-amber-400 text-slate-900",
  red: "bg-red-700 text-white",
};
const LIGHT_WORD: Record<Light, string> = { green: "Healthy", amber: "Degraded", red: "Unhealthy" };

const NAMES: Record<keyof SystemHealth["components"], string> = {
  database: "Database",
  pool: "Connection pool",
  redis: "Redis",
  cache: "Statistics cache",
  memory: "Process memory",
  eventLoop: "Event loop",
  errors: "Server errors",
  statistics: "Counter reconciliation",
  sessions: "Sessions",
  backups: "Backups",
  gateScans: "Gate scans",
};

const COLUMNS: Column[] = [{ label: "Component" }, { label: "Status" }, { label: "Now" }, { label: "Thresholds" }];
const CELL = cellClass();

function LightBadge({ light }: { light: Light }) {
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-bold uppercase ${LIGHT_STYLE[light]}`}>{LIGHT_WORD[light]}</span>;
}

function formatUptime(s: number): string {
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min ${s % 60} s`;
}

/** The admin health table, refreshed every 5 s; each light shows the rule it follows. */
export function HealthPanel({ initial }: { initial: SystemHealth }) {
  const { data, error } = useSWR<SystemHealth>("/api/system_health", fetchJson, { fallbackData: initial, refreshInterval: 5_000 });
  const h = data ?? initial;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="health-overall">
        <LightBadge light={h.overall} />
        <span className="font-semibold">Version {h.version}</span>
        <span className="text-slate-600">up {formatUptime(h.uptimeS)}</span>
        <span className="ml-auto text-sm text-slate-600" aria-live="polite">
          {error ? `Could not refresh (${error.message}); retrying…` : `Updated ${formatIstTime(h.generatedAt)} IST`}
        </span>
      </div>
      <DataTable columns={COLUMNS}>
        {(Object.keys(NAMES) as (keyof SystemHealth["components"])[]).map((key) => {
          const c = h.components[key];
          return (
            <tr key={key} data-testid={`health-${key}`} className="border-t border-slate-100 align-top">
              <th scope="row" className={`${CELL} font-semibold`}>
                {NAMES[key]}
              </th>
              <td className={CELL}>
                <LightBadge light={c.status} />
              </td>
              <td className={CELL}>
                <p>{c.summary}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {Object.entries(c.details).map(([k, v]) => `${k}: ${v ?? "n/a"}`).join(" · ")}
                </p>
              </td>
              <td className={`${CELL} text-xs text-slate-600`}>{c.thresholds}</td>
            </tr>
          );
        })}
      </DataTable>
      <p className="text-xs text-slate-500">
        Memory, event loop, errors and cache are this instance&apos;s; database, pool, Redis and reconciliation are shared by all instances.
      </p>
    </div>
  );
}
