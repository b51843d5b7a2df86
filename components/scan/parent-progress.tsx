import { PARENT_SPECS } from "@/lib/qr";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { StationParent } from "@/lib/dto/scan";
import { BUSINESS_TZ, CLOCK_24H } from "@/lib/time";

const STATUS_LABEL = { pending: "Empty", in_progress: "Packing", completed: "Complete" } as const;
const timeFmt = new Intl.DateTimeFormat("en-IN", { timeZone: BUSINESS_TZ, day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", ...CLOCK_24H });

/**
 * The current parent: which bag, how full (big enough to read from across a table). A parent
 * finished below capacity says so, why and by whom, with the way back (Reopen).
 */
export function ParentProgress({
  parent,
  onReopen,
  waiting = 0,
  provisional = false,
}: {
  parent: StationParent | null;
  onReopen?: () => void;
  /** Children of this parent still waiting in the offline queue: counted, but "about". */
  waiting?: number;
  /** The parent itself was accepted offline and is not confirmed yet. */
  provisional?: boolean;
}) {
  if (!parent) {
    return (
      <div data-testid="current-parent" className="rounded-xl border-2 border-dashed border-slate-300 bg-white p-5 text-center">
        <p className="text-xl font-semibold text-slate-800">No parent bag selected</p>
        <p className="mt-1 text-slate-600">Scan a parent label (SB12345 or M444-12345) to start packing.</p>
      </div>
    );
  }
  const { finished } = parent;
  const unsure = provisional || waiting > 0;
  const count = parent.childCount + waiting;
  const complete = count >= parent.capacity || finished !== null;
  return (
    <div
      data-testid="current-parent"
      data-complete={complete || undefined}
      data-provisional={unsure || undefined}
      className={`rounded-xl border-2 bg-white p-4 sm:p-5 ${unsure ? "border-dashed border-violet-700" : complete ? "border-green-700" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <p className="min-w-0">
          <span className="block text-sm font-medium text-slate-600">Current parent</span>
          <span className="font-mono text-2xl font-bold break-all sm:text-3xl" data-testid="parent-qr">
            {parent.qr}
          </span>
          <span className="ml-2 text-sm text-slate-600">{PARENT_SPECS[parent.type].label}</span>
        </p>
        {unsure ? (
          <span className="rounded-full bg-violet-100 px-3 py-1 text-sm font-bold tracking-wide text-violet-900 uppercase">Not confirmed</span>
        ) : (
          <span
            className={`rounded-full px-3 py-1 text-sm font-bold uppercase tracking-wide ${complete ? "bg-green-700 text-white" : "bg-slate-100 text-slate-700"}`}
          >
            {finished ? "Finished" : STATUS_LABEL[parent.status]}
          </span>
        )}
      </div>
      <p
        className="mt-3 text-center font-bold tabular-nums"
        aria-label={unsure ? `about ${count} of ${parent.capacity} children, not yet confirmed` : `${parent.childCount} of ${parent.capacity} children packed`}
      >
        {unsure && <span className="mr-2 align-middle text-2xl font-semibold text-violet-900">about</span>}
        <span data-testid="parent-counter" className="text-6xl sm:text-7xl">
          {count} / {parent.capacity}
        </span>
      </p>
      {unsure && (
        <p className="text-center text-sm font-semibold text-violet-900" data-testid="parent-unconfirmed">
          {provisional ? `Parent ${parent.qr} not confirmed yet` : `${parent.childCount} confirmed by the server`}
          {waiting > 0 && ` · ${waiting} waiting to be sent`}
        </p>
      )}
      <ProgressBar value={Math.min(count, parent.capacity)} max={parent.capacity} label="Children packed" />
      {finished ? (
        <div data-testid="parent-finished" className="mt-3 space-y-2 text-center">
          <p className="text-xl font-bold text-green-800">
            Finished at {parent.childCount} / {parent.capacity} — {finished.reason}
          </p>
          <p className="text-sm text-slate-700">
            by {finished.by ?? "a deleted user"} at <time dateTime={new Date(finished.at).toISOString()}>{timeFmt.format(new Date(finished.at))}</time> IST.
            Scan the next parent, or reopen this one to add bags.
          </p>
          {onReopen && (
            <button
              type="button"
              onClick={onReopen}
              className="min-h-12 rounded-lg border-2 border-green-800 bg-white px-5 text-lg font-semibold text-green-900 hover:bg-green-50"
            >
              Reopen {parent.qr}
            </button>
          )}
        </div>
      ) : (
        complete &&
        !unsure && (
          <p className="mt-3 text-center text-xl font-bold text-green-800">
            Parent {parent.qr} complete. Scan the next parent.
          </p>
        )
      )}
    </div>
  );
}
