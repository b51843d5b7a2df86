import Link from "next/link";
import { useTranslations } from "next-intl";

/** The buttons under a list's GET filter form: apply them, or go back to the unfiltered list. */
export function FilterActions({ clearHref }: { clearHref: string }) {
  const t = useTranslations("shell.ui");
  const tc = useTranslations("common");
  return (
    <div className="mt-3 flex flex-wrap gap-3">
      <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900">
        {t("applyFilters")}
      </button>
      <Link href={clearHref} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-5 font-semibold hover:bg-slate-50">
        {tc("actions.clear")}
      </Link>
    </div>
  );
}
