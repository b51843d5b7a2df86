"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import { useWords, useWordsLocale } from "@/components/station/use-words";
import { formatCount } from "@/lib/format";
import { adviceFor, describeQueuedScan } from "@/lib/offline/advice";
import type { ConflictEntry } from "@/lib/offline/queue";
import { INTL_LOCALE, type Locale } from "@/lib/preferences";
import { BUSINESS_TZ, CLOCK_24H } from "@/lib/time";

/** "2 Dec, 14:05" IST in the reader's language. */
const scannedAt = (at: number, locale: Locale) =>
  new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: BUSINESS_TZ, numberingSystem: "latn", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", ...CLOCK_24H }).format(at);

interface ConflictListProps {
  conflicts: ConflictEntry[];
  onClear: (id: number) => void;
  onClearAll: () => void;
}

/**
 * Scans made offline that the server refused when they were sent: each with what it was, when it
 * was scanned, what the server said and what to do. Kept on this device until a person clears
 * them (one by one, or all after a question), so a refusal is never silently lost. What it was
 * and what to do are worded again in the reader's language; the server's sentence came from the
 * JSON API and stays as it was said (English).
 */
export function ConflictList({ conflicts, onClear, onClearAll }: ConflictListProps) {
  const t = useWords("offline");
  const words = useWords();
  const locale = useWordsLocale();
  const [asking, setAsking] = useState(false);
  if (conflicts.length === 0) return null;
  return (
    <section aria-labelledby="conflict-heading" data-testid="conflict-list" className="rounded-xl border-2 border-red-700 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-red-200 bg-red-50 px-4 py-2">
        <h2 id="conflict-heading" className="text-base font-bold text-red-900">
          {t("conflicts.title", { count: formatCount(conflicts.length, locale) })}
        </h2>
        <button
          type="button"
          onClick={() => setAsking(true)}
          data-testid="conflict-clear-all"
          className="min-h-11 rounded-md border-2 border-red-700 bg-white px-3 font-semibold text-red-800 hover:bg-red-50"
        >
          {t("conflicts.clearAll")}
        </button>
      </div>
      <p className="px-4 pt-2 text-sm text-slate-700">{t("conflicts.intro")}</p>
      <ol className="divide-y divide-slate-100">
        {conflicts.map((c) => (
          <li key={c.id ?? c.key} data-testid="conflict-item" data-code={c.code} data-qr={c.qr} className="space-y-1 px-4 py-3">
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <span className="font-mono text-lg font-bold break-all">{c.qr}</span>
              <span className="text-sm text-slate-700">{describeQueuedScan(c, words)}</span>
              <span className="text-sm text-slate-600">
                {t.rich("conflicts.scanned", {
                  at: scannedAt(c.scannedAt, locale),
                  time: (chunks) => <time dateTime={new Date(c.scannedAt).toISOString()}>{chunks}</time>,
                })}
              </span>
              {c.id !== undefined && (
                <button
                  type="button"
                  onClick={() => c.id !== undefined && onClear(c.id)}
                  data-testid="conflict-clear"
                  aria-label={t("conflicts.clearLabel", { qr: c.qr })}
                  className="ml-auto min-h-11 rounded-md border border-slate-400 bg-white px-3 font-semibold hover:bg-slate-50"
                >
                  {t("conflicts.clear")}
                </button>
              )}
            </div>
            <p className="text-red-900">{c.message}</p>
            <p className="text-slate-900">
              <span className="font-semibold">{t("conflicts.whatToDo")} </span>
              <span data-testid="conflict-advice">{adviceFor(c.code, c, words)}</span>
            </p>
          </li>
        ))}
      </ol>
      {/* Mounted only while asked: ConfirmDialog names itself by a fixed id, which must not
          shadow the station's own dialogs (remove, finish) while they are closed. */}
      {asking && (
        <ConfirmDialog
          open
          title={t("conflicts.confirmTitle", { count: formatCount(conflicts.length, locale) })}
          confirmLabel={t("conflicts.clearAll")}
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            onClearAll();
          }}
        >
          <p>{t("conflicts.confirmBody")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
