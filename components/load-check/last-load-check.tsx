import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import type { LoadCheckSummary } from "@/lib/dto/load-check";
import { CHECK_KIND_STYLE, loadCheckClean, loadCheckHref, loadCheckSummaryText } from "./load-check-format";

/** The bill page's line about its newest load check at the truck, with a link to the report. */
export function LastLoadCheck({ billNumber, check }: { billNumber: string; check: LoadCheckSummary | null }) {
  const t = useTranslations("loadCheck");
  const locale = useLocale();
  if (!check) return null;
  const clean = loadCheckClean(check);
  const style = clean ? CHECK_KIND_STYLE.matched : check.missing > 0 ? CHECK_KIND_STYLE.missing : CHECK_KIND_STYLE.extra;
  return (
    <p data-testid="bill-last-check" className={`flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border-2 px-4 py-2 ${style.panel} ${style.text}`}>
      <span aria-hidden="true" className={`inline-flex h-6 w-6 items-center justify-center rounded-full font-bold ${style.badge}`}>
        {clean ? "✓" : "!"}
      </span>
      <span className="font-semibold">
        <span className="sr-only">{t("last.label")} </span>
        {loadCheckSummaryText(check, locale, t)}
      </span>
      <Link href={loadCheckHref(billNumber, check.id)} className="font-semibold underline" data-testid="bill-last-check-report">
        {t("last.report")}
      </Link>
    </p>
  );
}

/** The bill page's button to the load check at the truck. */
export function LoadCheckButton({ billNumber }: { billNumber: string }) {
  const t = useTranslations("loadCheck");
  return (
    <Link
      href={loadCheckHref(billNumber)}
      data-testid="bill-load-check"
      className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50"
    >
      {t("last.button")}
    </Link>
  );
}
