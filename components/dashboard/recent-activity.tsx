import { useLocale, useTranslations } from "next-intl";
import { DISPATCH_AREAS, formatArea, type DispatchArea } from "@/lib/domain";
import type { ActivityRow } from "@/lib/dto/stats";
import { formatTime } from "@/lib/format";

type Said = "refused" | "newParent" | "parentSelected" | "undo" | "childRescanned" | "childPacked";

/** What one scan event was, as a key of dashboard.activity (a refusal also names its code). */
function describe(row: ActivityRow): { said: Said; reason: string } {
  if (row.result.startsWith("rejected:")) return { said: "refused", reason: row.result.slice(9).replace(/_/g, " ") };
  if (row.action === "parent") return { said: row.result === "created" ? "newParent" : "parentSelected", reason: "" };
  if (row.action === "undo") return { said: "undo", reason: "" };
  return { said: row.result === "duplicate" ? "childRescanned" : "childPacked", reason: "" };
}

const isArea = (area: string): area is DispatchArea => (DISPATCH_AREAS as readonly string[]).includes(area);

/** The newest scan events the viewer may see. */
export function RecentActivity({ rows, showArea }: { rows: ActivityRow[]; showArea: boolean }) {
  const t = useTranslations("dashboard.activity");
  const tc = useTranslations("common");
  const locale = useLocale();
  const areaName = (area: string) => (isArea(area) ? tc(`areas.${area}`) : formatArea(area));
  if (rows.length === 0) return <p className="text-sm text-slate-600">{t("none")}</p>;
  return (
    <ol className="divide-y divide-slate-100" data-testid="recent-activity">
      {rows.map((r, i) => (
        <li key={`${r.at}-${i}`} className="flex flex-wrap items-baseline gap-x-3 py-1.5 text-sm">
          <span className="w-12 tabular-nums text-slate-500">{formatTime(r.at, locale)}</span>
          <span className="min-w-0 font-mono font-semibold break-all">{r.qr ?? "—"}</span>
          <span className={r.undone ? "text-slate-500 line-through" : r.result.startsWith("rejected:") ? "text-red-700" : ""}>{t(describe(r).said, { reason: describe(r).reason })}</span>
          <span className="text-slate-500">
            {r.username ?? t("deletedUser")}
            {showArea && r.dispatchArea ? ` · ${areaName(r.dispatchArea)}` : ""}
          </span>
        </li>
      ))}
    </ol>
  );
}
