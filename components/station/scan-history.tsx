import type { HistoryEntry } from "@/lib/station";
import { BUSINESS_TZ, CLOCK_24H } from "@/lib/time";
import { OUTCOME_STYLE, type OutcomeLabels } from "./outcome-style";

const timeFmt = new Intl.DateTimeFormat("en-IN", { timeZone: BUSINESS_TZ, hour: "2-digit", minute: "2-digit", second: "2-digit", ...CLOCK_24H });

/** The last scans at this station, newest first. */
export function ScanHistory({ entries, labels }: { entries: HistoryEntry[]; labels?: OutcomeLabels }) {
  return (
    <section aria-labelledby="scan-history-heading" className="rounded-xl border border-slate-200 bg-white">
      <h2 id="scan-history-heading" className="border-b border-slate-200 px-4 py-2 text-base font-semibold">
        Last 10 scans
      </h2>
      {entries.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-600">Nothing scanned yet at this station.</p>
      ) : (
        <ol data-testid="scan-history" className="divide-y divide-slate-100">
          {entries.map((e) => (
            <li key={e.id} data-state={e.state} data-replayed={e.replayed || undefined} className="flex gap-3 px-4 py-2 text-sm">
              <time dateTime={new Date(e.at).toISOString()} className="shrink-0 font-mono text-slate-500 tabular-nums">
                {timeFmt.format(e.at)}
              </time>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-x-2">
                  {e.qr && <span className="font-mono font-semibold break-all">{e.qr}</span>}
                  <span className={`rounded px-1.5 py-0.5 text-xs font-bold uppercase ${OUTCOME_STYLE[e.state].badge}`}>{labels?.[e.state] ?? OUTCOME_STYLE[e.state].label}</span>
                  {e.replayed && <span className="rounded border border-violet-700 px-1.5 py-0.5 text-xs font-bold text-violet-900 uppercase">Sent later</span>}
                </div>
                <p className="break-words text-slate-700">{e.message}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
