import { useLocale, useTranslations } from "next-intl";
import type { PassEvent } from "@/lib/dto/passes";
import { formatDateTime } from "@/lib/format";

/** A pass's history as the verb words it (in the reader's language), newest first: issue, prints, revoke and every gate scan. */
export function PassHistory({ events, showIp }: { events: PassEvent[]; showIp: boolean }) {
  const t = useTranslations("passes.history");
  const locale = useLocale();
  return (
    <section aria-labelledby="pass-history-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="pass-history-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      {events.length === 0 ? (
        <p className="mt-2 text-slate-700">{t("empty")}</p>
      ) : (
        <ol className="mt-2 divide-y divide-slate-100" data-testid="pass-history">
          {events.map((e, i) => (
            <li key={i} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 py-2">
              <time dateTime={new Date(e.at).toISOString()} className="text-sm whitespace-nowrap text-slate-600 tabular-nums">
                {t("at", { time: formatDateTime(e.at, locale) })}
              </time>
              <span className="min-w-0 font-medium break-words">{e.summary}</span>
              {(e.actor || (showIp && e.ip)) && (
                <span className="text-sm text-slate-600">
                  {e.actor ? t("by", { actor: e.actor }) : ""}
                  {showIp && e.ip ? `${e.actor ? " · " : ""}${e.ip}` : ""}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
