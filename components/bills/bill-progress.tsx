import { parentsStillNeeded } from "@/lib/bill-station";
import type { BillCounts } from "@/lib/dto/bills";
import { formatIstDateTime } from "@/lib/time";
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
  return (
    <div
      data-testid="bill-progress"
      className={`@container rounded-xl border-2 bg-white p-4 ${completed ? "border-green-700" : full ? "border-green-600" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium text-slate-600">Parent bags on this bill</span>
        <span data-testid="bill-status">
          <BillStatusBadge status={c.status} large />
        </span>
      </div>
      <p className="mt-2 text-center font-bold tabular-nums" aria-label={`${c.linkedCount} of ${c.capacity} parent bags on the bill`}>
        <span data-testid="bill-counter" className="text-6xl @lg:text-7xl">
          {c.linkedCount} / {c.capacity}
        </span>
      </p>
      <ProgressBar value={c.linkedCount} max={c.capacity} label="Parent bags on the bill" />

      <dl className="mt-3 grid grid-cols-3 gap-2 text-center">
        <div className="rounded-lg bg-slate-50 p-2">
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Actual</dt>
          <dd data-testid="bill-actual-kg" className="text-xl font-bold tabular-nums @lg:text-2xl">
            {formatKg(c.actualWeightKg)}
          </dd>
          <dd className="text-xs text-slate-600">{c.childCount} children</dd>
        </div>
        <div className="rounded-lg bg-slate-50 p-2">
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Expected</dt>
          <dd data-testid="bill-expected-kg" className="text-xl font-bold tabular-nums @lg:text-2xl">
            {formatKg(c.expectedWeightKg)}
          </dd>
        </div>
        <div className={`rounded-lg p-2 ${variance < 0 ? "bg-amber-50" : "bg-slate-50"}`}>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Variance</dt>
          <dd data-testid="bill-variance-kg" className={`text-xl font-bold tabular-nums @lg:text-2xl ${variance < 0 ? "text-amber-900" : ""}`}>
            {formatVarianceKg(variance)}
          </dd>
        </div>
      </dl>

      {completed ? (
        <p data-testid="bill-locked" className="mt-3 flex gap-2 rounded-lg border-2 border-green-700 bg-green-50 p-3 font-semibold text-green-950">
          <LockIcon />
          <span>
            Completed
            {completedAt && (
              <>
                {" "}
                <time dateTime={completedAt.toISOString()} suppressHydrationWarning>
                  {formatIstDateTime(completedAt)}
                </time>{" "}
                IST
              </>
            )}
            . Locked until reopened.
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
              Complete bill
            </button>
          )}
          <p data-testid="bill-needed" className="text-lg font-semibold text-slate-800">
            {full ? "All parent bags are on." : `${needed} more needed`}
          </p>
        </div>
      )}
    </div>
  );
}
