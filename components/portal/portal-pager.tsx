import { useLocale, useTranslations } from "next-intl";
import { formatCount } from "@/lib/format";
import { shownRange } from "@/lib/portal-view";

const BUTTON =
  "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";

/** "Showing 1–25 of 312 bills"; the total alone sits in its own element for the e2e to read. */
export function PortalShowing({ loading, pageIndex, limit, rows, total }: { loading: boolean; pageIndex: number; limit: number; rows: number; total: number | null }) {
  const t = useTranslations("portal.pager");
  const locale = useLocale();
  if (loading || total === null) {
    return (
      <p className="text-sm text-slate-600" aria-live="polite" data-testid="portal-showing-loading">
        {t("loading")}
      </p>
    );
  }
  const count = (n: number) => formatCount(n, locale);
  return (
    <p className="text-sm font-medium text-slate-800" aria-live="polite" data-testid="portal-showing">
      {t.rich("showing", {
        range: shownRange(pageIndex, limit, rows, count),
        count: total,
        n: count(total),
        total: (chunks) => <span data-testid="portal-total">{chunks}</span>,
      })}
    </p>
  );
}

/** Previous / Next over the keyset pages. */
export function PortalPager({ canPrevious, canNext, onPrevious, onNext }: { canPrevious: boolean; canNext: boolean; onPrevious: () => void; onNext: () => void }) {
  const t = useTranslations("portal.pager");
  const tc = useTranslations("common");
  return (
    <nav aria-label={t("pages")} className="flex gap-2">
      <button type="button" disabled={!canPrevious} onClick={onPrevious} className={BUTTON}>
        {tc("actions.previous")}
      </button>
      <button type="button" disabled={!canNext} onClick={onNext} className={BUTTON}>
        {tc("actions.next")}
      </button>
    </nav>
  );
}
