import type { HistoryEntry } from "@/lib/station";
import { INTL_LOCALE, type Locale } from "@/lib/preferences";
import { BUSINESS_TZ, CLOCK_24H } from "@/lib/time";
import { HISTORY_LENGTH } from "@/lib/station";
import { OUTCOME_STYLE, type OutcomeLabels } from "./outcome-style";
import { useWords, useWordsLocale } from "./use-words";

const timeFormats = new Map<Locale, Intl.DateTimeFormat>();
/** "14:05:09" IST, as the reader's language writes it (lib/format's times, with seconds). */
export function formatStationTime(at: number, locale: Locale): string {
  let f = timeFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: BUSINESS_TZ, numberingSystem: "latn", hour: "2-digit", minute: "2-digit", second: "2-digit", ...CLOCK_24H });
    timeFormats.set(locale, f);
  }
  return f.format(at);
}

/** The last scans at this station, newest first. */
export function ScanHistory({ entries, labels }: { entries: HistoryEntry[]; labels?: OutcomeLabels }) {
  const t = useWords("station");
  const locale = useWordsLocale();
  return (
    <section aria-labelledby="scan-history-heading" className="rounded-xl border border-slate-200 bg-white">
      <h2 id="scan-history-heading" className="border-b border-slate-200 px-4 py-2 text-base font-semibold">
        {t("history.title", { count: HISTORY_LENGTH })}
      </h2>
      {entries.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-600">{t("history.empty")}</p>
      ) : (
        <ol data-testid="scan-history" className="divide-y divide-slate-100">
          {entries.map((e) => (
            <li key={e.id} data-state={e.state} data-replayed={e.replayed || undefined} className="flex gap-3 px-4 py-2 text-sm">
              <time dateTime={new Date(e.at).toISOString()} className="shrink-0 font-mono text-slate-500 tabular-nums">
                {formatStationTime(e.at, locale)}
              </time>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-x-2">
                  {e.qr && <span className="font-mono font-semibold break-all">{e.qr}</span>}
                  <span className={`rounded px-1.5 py-0.5 text-xs font-bold uppercase ${OUTCOME_STYLE[e.state].badge}`}>{labels?.[e.state] ?? t(`outcome.${e.state}`)}</span>
                  {e.replayed && <span className="rounded border border-violet-700 px-1.5 py-0.5 text-xs font-bold text-violet-900 uppercase">{t("history.sentLater")}</span>}
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
