"use client";

import { useLocale, useTranslations } from "next-intl";
import useSWR from "swr";
import { fetchJson } from "@/components/dashboard/fetch-json";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { Light, SystemHealth } from "@/lib/dto/health";
import { formatTime } from "@/lib/format";

const LIGHT_STYLE: Record<Light, string> = {
  green: "bg-green-700 text-white",
  amber: "bg-amber-200 text-amber-950",
  red: "bg-red-700 text-white",
};
/** The rows of the table, in the order they are read (a component's name is `components.<key>`). */
const COMPONENTS = ["database", "pool", "redis", "cache", "memory", "eventLoop", "errors", "statistics", "sessions", "backups", "gateScans"] as const satisfies readonly (keyof SystemHealth["components"])[];
const CELL = cellClass();

function LightBadge({ light }: { light: Light }) {
  const t = useTranslations("admin.health.lights");
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-bold uppercase ${LIGHT_STYLE[light]}`}>{t(light)}</span>;
}

type HealthWords = ReturnType<typeof useTranslations<"admin.health">>;

function formatUptime(s: number, t: HealthWords): string {
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const n = String;
  return d > 0 ? t("uptimeDays", { d: n(d), h: n(h) }) : h > 0 ? t("uptimeHours", { h: n(h), m: n(m) }) : t("uptimeMinutes", { m: n(m), s: n(s % 60) });
}

/** The admin health table, refreshed every 5 s; each light shows the rule it follows. */
export function HealthPanel({ initial }: { initial: SystemHealth }) {
  const { data, error } = useSWR<SystemHealth>("/api/system_health", fetchJson, { fallbackData: initial, refreshInterval: 5_000 });
  const h = data ?? initial;
  const t = useTranslations("admin.health");
  const locale = useLocale();
  const columns: Column[] = [{ label: t("columns.component") }, { label: t("columns.status") }, { label: t("columns.now") }, { label: t("columns.thresholds") }];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="health-overall">
        <LightBadge light={h.overall} />
        <span className="font-semibold">{t("version", { version: h.version })}</span>
        <span className="text-slate-600">{t("up", { uptime: formatUptime(h.uptimeS, t) })}</span>
        <span className="ml-auto text-sm text-slate-600" aria-live="polite">
          {error ? t("refreshFailed", { error: error.message }) : t("updated", { time: formatTime(h.generatedAt, locale) })}
        </span>
      </div>
      <DataTable columns={columns}>
        {COMPONENTS.map((key) => {
          const c = h.components[key];
          return (
            <tr key={key} data-testid={`health-${key}`} className="border-t border-slate-100 align-top">
              <th scope="row" className={`${CELL} font-semibold`}>
                {t(`components.${key}`)}
              </th>
              <td className={CELL}>
                <LightBadge light={c.status} />
              </td>
              <td className={CELL}>
                <p>{c.summary}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {Object.entries(c.details)
                    .map(([k, v]) => `${k}: ${v ?? t("notAvailable")}`)
                    .join(" · ")}
                </p>
              </td>
              <td className={`${CELL} text-xs text-slate-600`}>{c.thresholds}</td>
            </tr>
          );
        })}
      </DataTable>
      <p className="text-xs text-slate-500">{t("note")}</p>
    </div>
  );
}
