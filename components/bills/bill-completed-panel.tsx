import { formatIstDateTime } from "@/lib/time";

export function LockIcon({ className = "mt-0.5 h-5 w-5" }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className={`${className} shrink-0 fill-current`}>
      <path d="M10 1.5a4.5 4.5 0 0 0-4.5 4.5v2.5H4.75A1.75 1.75 0 0 0 3 10.25v6.5c0 .97.78 1.75 1.75 1.75h10.5c.97 0 1.75-.78 1.75-1.75v-6.5c0-.97-.78-1.75-1.75-1.75H14.5V6A4.5 4.5 0 0 0 10 1.5Zm2.5 7h-5V6a2.5 2.5 0 0 1 5 0v2.5Z" />
    </svg>
  );
}

/**
 * What a completed bill shows where the scan input was: it takes no bags, so there is nothing
 * to scan into. `onReopen` is absent for viewers who may not reopen it. The button never takes
 * the focus by itself: a scanner's Enter must not reopen a bill.
 */
export function BillCompletedPanel({ completedAt, onReopen }: { completedAt: Date | null; onReopen?: () => void }) {
  return (
    <section aria-labelledby="bill-completed-heading" data-testid="bill-completed-panel" className="rounded-xl border-2 border-green-700 bg-green-50 p-4 text-green-950">
      <h2 id="bill-completed-heading" className="flex items-start gap-2 text-xl font-bold sm:text-2xl">
        <LockIcon className="mt-1 h-6 w-6" />
        <span>Bill completed — reopen to add bags</span>
      </h2>
      <p className="mt-1">
        {completedAt && (
          <>
            Completed{" "}
            <time dateTime={completedAt.toISOString()} suppressHydrationWarning>
              {formatIstDateTime(completedAt)}
            </time>{" "}
            IST.{" "}
          </>
        )}
        No parent bag can be added or removed, and the bill cannot be edited, until it is reopened.
      </p>
      {onReopen ? (
        <button
          type="button"
          onClick={onReopen}
          className="mt-3 min-h-12 w-full rounded-lg border-2 border-green-800 bg-white px-5 text-lg font-semibold text-green-900 hover:bg-green-100 sm:w-auto"
        >
          Reopen bill
        </button>
      ) : (
        <p className="mt-2 text-sm">A biller or an admin can reopen it.</p>
      )}
    </section>
  );
}
