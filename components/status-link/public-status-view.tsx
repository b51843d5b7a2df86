import { useLocale, useTranslations } from "next-intl";
import { formatKg } from "@/components/bills/bill-format";
import type { PublicBillStatus, StatusLookup } from "@/lib/dto/status-link";
import { formatCount, formatDateTime } from "@/lib/format";

// The public status page's pieces (no staff shell, no navigation: whoever holds the link is not
// signed in). They show the PublicBillStatus fields and nothing else, in the reader's language
// (a cookie or the browser's Accept-Language: nobody is signed in).

/** The page around a status or a refusal: the product name, one card, nothing to navigate to. */
export function PublicStatusShell({ children }: { children: React.ReactNode }) {
  const t = useTranslations("statusLink.public");
  return (
    <main className="flex min-h-dvh items-start justify-center bg-slate-100 p-4 sm:items-center">
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-lg sm:p-8">
        <p className="text-sm font-bold tracking-wide text-brand-700 uppercase">{t("product")}</p>
        {children}
      </div>
    </main>
  );
}

/** One bill's public facts: dispatched or not (and when), parents, weight, as of when, until when. */
export function PublicStatusView({ status }: { status: PublicBillStatus }) {
  const t = useTranslations("statusLink.public");
  const locale = useLocale();
  const ist = (d: Date | string) => formatDateTime(d, locale);
  const facts: [label: string, value: string, testId: string][] = [
    [t("parents"), formatCount(status.parents, locale), "status-parents"],
    [t("weight"), formatKg(status.weightKg, locale), "status-weight"],
  ];
  return (
    <article className="mt-1 space-y-5" data-testid="status-card">
      <h1 className="text-2xl font-bold break-all text-slate-950">
        <span className="font-normal text-slate-500">{t("bill")} </span>
        <span data-testid="status-bill-number">{status.billNumber}</span>
      </h1>
      {status.dispatched ? (
        <div className="rounded-lg border-2 border-sky-800 bg-sky-50 p-4 text-sky-950" role="status">
          <p className="text-2xl font-black" data-testid="status-verdict">
            {t("dispatched")}
          </p>
          {status.dispatchedAt && (
            <p className="mt-1" data-testid="status-dispatched-at">
              {t("leftAt", { at: ist(status.dispatchedAt) })}
            </p>
          )}
        </div>
      ) : (
        <div className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4 text-amber-950" role="status">
          <p className="text-2xl font-black" data-testid="status-verdict">
            {t("notDispatched")}
          </p>
          <p className="mt-1 font-semibold" data-testid="status-state">
            {t(`states.${status.state}`)}
          </p>
        </div>
      )}
      <dl className="grid grid-cols-2 gap-3">
        {facts.map(([label, value, testId]) => (
          <div key={testId} className="rounded-lg border border-slate-200 p-3">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="mt-0.5 text-xl font-bold tabular-nums" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <div className="space-y-1 text-sm text-slate-700">
        <p data-testid="status-as-of">{t("asOf", { at: ist(status.asOf) })}</p>
        <p data-testid="status-expires">{t("worksUntil", { at: ist(status.expiresAt) })}</p>
      </div>
    </article>
  );
}

/** Why a link shows nothing: not valid, expired, its bill gone, or too many look-ups. */
export function StatusLinkRefusal({ refusal }: { refusal: Exclude<StatusLookup, { ok: true }> }) {
  const t = useTranslations("statusLink.refusal");
  const locale = useLocale();
  const { code } = refusal;
  let message: string;
  if (refusal.code === "expired_link") message = t("expired", { at: formatDateTime(refusal.expiredAt, locale) });
  else if (refusal.code === "rate_limited") {
    // As tooManyAttempts (lib/server/errors.ts) words the wait: seconds below 90, else minutes.
    const s = refusal.retryAfterS;
    message = s < 90 ? t("rateLimitedSeconds", { count: s }) : t("rateLimitedMinutes", { count: Math.ceil(s / 60) });
  } else message = t(code === "invalid_link" ? "invalid" : "gone");
  return (
    <section className="mt-1 space-y-4" data-testid="status-refusal" data-code={code}>
      <h1 className="text-2xl font-bold text-slate-950">{t(`titles.${code}`)}</h1>
      <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950" data-testid="status-refusal-message">
        {message}
      </p>
    </section>
  );
}
