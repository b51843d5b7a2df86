import { useLocale, useTranslations } from "next-intl";
import { parentsStillNeeded } from "@/lib/bill-station";
import type { BillCounts } from "@/lib/dto/bills";
import { formatCount, formatDateTime } from "@/lib/format";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatKg, formatVarianceKg } from "./bill-format";
import { LockIcon } from "./bill-completed-panel";
import { BillStatusBadge } from "./bill-status-badge";

interface BillProgressProps {
  counts: BillCounts;
  completedAt: Date | null;
  /** Absent for viewers who cannot change the bill (reopening is BillCompletedPanel's). */
  onComplete?: () => void;
}

/**
 * The bill's big counter, weights and its Complete control. Sized by its own width (a container),
 * so it fits the bill page's narrow right-hand column on a laptop as well as a phone's width.
 */
export function BillProgress({ counts: c, completedAt, onComplete }: BillProgressProps) {
  const completed = c.status === "completed";
  const full = c.linkedCount >= c.capacity;
  const needed = parentsStillNeeded(c);
  const variance = c.varianceKg;
  const t = useTranslations("bills.progress");
  const locale = useLocale();
  const linked = formatCount(c.linkedCount, locale);
  const capacity = formatCount(c.capacity, locale);
  return (
    <div
      data-testid="bill-progress"
      className={`@container rounded-xl border-2 bg-white p-4 ${completed ? "border-green-700" : full ? "border-green-600" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium text-slate-600">{t("title")}</span>
        <span data-testid="bill-status">
          <BillStatusBadge status={c.status} large />
        </span>
      </div>
      <p className="mt-2 text-center font-bold tabular-nums" aria-label={t("counterLabel", { linked, capacity })}>
        <span data-testid="bill-counter" className="text-6xl @lg:text-7xl">
          {linked} / {capacity}
        </span>
      </p>
      <ProgressBar value={c.linkedCount} max={c.capacity} label={t("barLabel")} />

      <dl className="mt-3 grid grid-cols-3 gap-2 text-center">
        <div className="rounded-lg bg-slate-50 p-2">
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t("actual")}</dt>
          <dd data-testid="bill-actual-kg" className="text-xl font-bold tabular-nums @lg:text-2xl">
            {formatKg(c.actualWeightKg, locale)}
          </dd>
          <dd className="text-xs text-slate-600">{t("children", { count: formatCount(c.childCount, locale) })}</dd>
        </div>
        <div className="rounded-lg bg-slate-50 p-2">
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t("expected")}</dt>
          <dd data-testid="bill-expected-kg" className="text-xl font-bold tabular-nums @lg:text-2xl">
            {formatKg(c.expectedWeightKg, locale)}
          </dd>
        </div>
        <div className={`rounded-lg p-2 ${variance < 0 ? "bg-amber-50" : "bg-slate-50"}`}>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t("variance")}</dt>
          <dd data-testid="bill-variance-kg" className={`text-xl font-bold tabular-nums @lg:text-2xl ${variance < 0 ? "text-amber-900" : ""}`}>
            {formatVarianceKg(variance, locale)}
          </dd>
        </div>
      </dl>

      {completed ? (
        <p data-testid="bill-locked" className="mt-3 flex gap-2 rounded-lg border-2 border-green-700 bg-green-50 p-3 font-semibold text-green-950">
          <LockIcon />
          <span>
            {completedAt
              ? t.rich("lockedAt", {
                  at: formatDateTime(completedAt, locale),
                  time: (chunks) => (
                    <time dateTime={completedAt.toISOString()} suppressHydrationWarning>
                      {chunks}
                    </time>
                  ),
                })
              : t("locked")}
          </span>
        </p>
      ) : (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          {onComplete && (
            <button
              type="button"
              onClick={onComplete}
              disabled={!full}
              className="min-h-12 flex-1 rounded-lg bg-green-700 px-5 text-lg font-semibold text-white hover:bg-green-800 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-700 sm:flex-none"
            >
              {t("complete")}
            </button>
          )}
          <p data-testid="bill-needed" className="text-lg font-semibold text-slate-800">
            {full ? t("allOn") : t("moreNeeded", { count: formatCount(needed, locale) })}
          </p>
        </div>
      )}
    </div>
  );
}
