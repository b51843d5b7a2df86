import { parentsStillNeeded } from "@/lib/bill-station";
import type { BillCounts } from "@/lib/dto/bills";
import { formatIstDateTime } from "@/lib/time";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatKg, formatVarianceKg } from "./bill-format";
import { BillStatusBadge } from "./bill-status-badge";

interface BillProgressProps {
  counts: BillCounts;
  completedAt: Date | null;
  /** Absent for viewers who cannot change the bill. */
  onComplete?: () => void;
  onReopen?: () => void;
}

function LockIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-0.5 h-5 w-5 shrink-0 fill-current">
      <path d="M10 1.5a4.5 4.5 0 0 0-4.5 4.5v2.5H4.75A1.75 1.75 0 0 0 3 10.25v6.5c0 .97.78 1.75 1.75 1.75h10.5c.97 0 1.75-.78 1.75-1.75v-6.5c0-.97-.78-1.75-1.75-1.75H14.5V6A4.5 4.5 0 0 0 10 1.5Zm2.5 7h-5V6a2.5 2.5 0 0 1 5 0v2.5Z" />
    </svg>
  );
}

/** The bill's big counter, weights and its complete / reopen controls. */
export function BillProgress({ counts: c, completedAt, onComplete, onReopen }: BillProgressProps) {
  const completed = c.status === "completed";
  const full = c.linkedCount >= c.capacity;
  const needed = parentsStillNeeded(c);
  const variance = c.varianceKg;
  return (
    <div
      data-testid="bill-progress"
      className={`rounded-xl border-2 bg-white p-4 sm:p-5 ${completed ? "border-green-700" : full ? "border-green-600" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-medium text-slate-600">Parent bags on this bill</span>
        <span data-testid="bill-status">
          <BillStatusBadge status={c.status} large />
        </span>
      </div>
      <p className="mt-2 text-center font-bold tabular-nums" aria-label={`${c.linkedCount} of ${c.capacity} parent bags on the bill`}>
        <span data-testid="bill-counter" className="text-6xl sm:text-7xl">
          {c.linkedCount} / {c.capacity}
        </span>
      </p>
      <ProgressBar value={c.linkedCount} max={c.capacity} label="Parent bags on the bill" />

      <dl className="mt-4 grid grid-cols-3 gap-2 text-center">
        <div className="rounded-lg bg-slate-50 p-2">
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Actual</dt>
          <dd data-testid="bill-actual-kg" className="text-xl font-bold tabular-nums sm:text-2xl">
            {formatKg(c.actualWeightKg)}
          </dd>
          <dd className="text-xs text-slate-600">{c.childCount} children</dd>
        </div>
        <div className="rounded-lg bg-slate-50 p-2">
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Expected</dt>
          <dd data-testid="bill-expected-kg" className="text-xl font-bold tabular-nums sm:text-2xl">
            {formatKg(c.expectedWeightKg)}
          </dd>
        </div>
        <div className={`rounded-lg p-2 ${variance < 0 ? "bg-amber-50" : "bg-slate-50"}`}>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Variance</dt>
          <dd data-testid="bill-variance-kg" className={`text-xl font-bold tabular-nums sm:text-2xl ${variance < 0 ? "text-amber-900" : ""}`}>
            {formatVarianceKg(variance)}
          </dd>
        </div>
      </dl>

      {completed ? (
        <div data-testid="bill-locked" className="mt-4 flex flex-col gap-3 rounded-lg border-2 border-green-700 bg-green-50 p-3 sm:flex-row sm:items-center">
          <p className="flex min-w-0 flex-1 gap-2 font-semibold text-green-950">
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
            . Locked: reopen it to add or remove bags or edit it.
            </span>
          </p>
          {onReopen && (
            <button type="button" onClick={onReopen} className="min-h-12 rounded-lg border-2 border-green-800 bg-white px-5 text-lg font-semibold text-green-900 hover:bg-green-100">
              Reopen bill
            </button>
          )}
        </div>
      ) : (
        <div className="mt-4 flex flex-wrap items-center gap-3">
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
