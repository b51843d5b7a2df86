import { ProgressBar } from "@/components/ui/progress-bar";
import { useWords, useWordsLocale } from "@/components/station/use-words";
import type { StationParent } from "@/lib/dto/scan";
import { formatCount } from "@/lib/format";
import { INTL_LOCALE, type Locale } from "@/lib/preferences";
import { finishReasonText } from "@/lib/scan-station";
import { BUSINESS_TZ, CLOCK_24H } from "@/lib/time";

/** "2 Dec, 14:05" IST in the reader's language. */
const finishedAt = (at: Date, locale: Locale) =>
  new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: BUSINESS_TZ, numberingSystem: "latn", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", ...CLOCK_24H }).format(at);

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
  const t = useWords("scan");
  const words = useWords();
  const locale = useWordsLocale();
  const n = (value: number) => formatCount(value, locale);
  if (!parent) {
    return (
      <div data-testid="current-parent" className="rounded-xl border-2 border-dashed border-slate-300 bg-white p-5 text-center">
        <p className="text-xl font-semibold text-slate-800">{t("progress.noneTitle")}</p>
        <p className="mt-1 text-slate-600">{t("progress.noneHint")}</p>
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
          <span className="block text-sm font-medium text-slate-600">{t("progress.current")}</span>
          <span className="font-mono text-2xl font-bold break-all sm:text-3xl" data-testid="parent-qr">
            {parent.qr}
          </span>
          <span className="ml-2 text-sm text-slate-600">{t(`progress.kind.${parent.type}`)}</span>
        </p>
        {unsure ? (
          <span className="rounded-full bg-violet-100 px-3 py-1 text-sm font-bold tracking-wide text-violet-900 uppercase">{t("progress.notConfirmed")}</span>
        ) : (
          <span
            className={`rounded-full px-3 py-1 text-sm font-bold uppercase tracking-wide ${complete ? "bg-green-700 text-white" : "bg-slate-100 text-slate-700"}`}
          >
            {finished ? t("progress.finished") : t(`progress.status.${parent.status}`)}
          </span>
        )}
      </div>
      <p
        className="mt-3 text-center font-bold tabular-nums"
        aria-label={
          unsure
            ? t("progress.countAbout", { count: n(count), capacity: n(parent.capacity) })
            : t("progress.countPacked", { count: n(parent.childCount), capacity: n(parent.capacity) })
        }
      >
        {unsure && <span className="mr-2 align-middle text-2xl font-semibold text-violet-900">{t("progress.about")}</span>}
        <span data-testid="parent-counter" className="text-6xl sm:text-7xl">
          {n(count)} / {n(parent.capacity)}
        </span>
      </p>
      {unsure && (
        <p className="text-center text-sm font-semibold text-violet-900" data-testid="parent-unconfirmed">
          {provisional ? t("progress.parentUnconfirmed", { qr: parent.qr }) : t("progress.serverCount", { count: n(parent.childCount) })}
          {waiting > 0 && t("progress.waiting", { count: n(waiting) })}
        </p>
      )}
      <ProgressBar value={Math.min(count, parent.capacity)} max={parent.capacity} label={t("progress.bar")} />
      {finished ? (
        <div data-testid="parent-finished" className="mt-3 space-y-2 text-center">
          <p className="text-xl font-bold text-green-800">
            {t("progress.finishedAt", { count: n(parent.childCount), capacity: n(parent.capacity), reason: finishReasonText(finished.reason, words) })}
          </p>
          <p className="text-sm text-slate-700">
            {t.rich("progress.finishedBy", {
              by: finished.by ?? t("progress.deletedUser"),
              at: finishedAt(new Date(finished.at), locale),
              time: (chunks) => <time dateTime={new Date(finished.at).toISOString()}>{chunks}</time>,
            })}
          </p>
          {onReopen && (
            <button
              type="button"
              onClick={onReopen}
              className="min-h-12 rounded-lg border-2 border-green-800 bg-white px-5 text-lg font-semibold text-green-900 hover:bg-green-50"
            >
              {t("progress.reopen", { qr: parent.qr })}
            </button>
          )}
        </div>
      ) : (
        complete &&
        !unsure && (
          <p className="mt-3 text-center text-xl font-bold text-green-800">{t("progress.complete", { qr: parent.qr })}</p>
        )
      )}
    </div>
  );
}
