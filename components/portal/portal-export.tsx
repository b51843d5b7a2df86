import { useLocale, useTranslations } from "next-intl";
import { formatCount } from "@/lib/format";
import { exportUrl, type PortalView } from "@/lib/portal-view";

const PRIMARY = "inline-flex min-h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900";
const DISABLED = "inline-flex min-h-11 cursor-not-allowed items-center rounded-md bg-slate-300 px-4 font-semibold text-slate-600";

/**
 * "Export N rows" (XLSX) and a smaller CSV link: plain downloads of the same filters and sort, so
 * the file holds every row of the set the grid pages through. Not a link while N is 0 or unknown.
 */
export function PortalExportLinks({ view, as, total }: { view: PortalView; as: string | null; total: number | null }) {
  const t = useTranslations("portal.export");
  const locale = useLocale();
  if (total === null || total === 0) {
    return (
      <button type="button" disabled className={DISABLED} data-testid="portal-export-xlsx">
        {total === 0 ? t("rows", { count: 0, n: formatCount(0, locale) }) : t("unknown")}
      </button>
    );
  }
  return (
    <>
      <a href={exportUrl(view, "xlsx", as)} download className={PRIMARY} data-testid="portal-export-xlsx">
        {t("rows", { count: total, n: formatCount(total, locale) })}
      </a>
      <a href={exportUrl(view, "csv", as)} download className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline" data-testid="portal-export-csv">
        {t("csv")}
      </a>
    </>
  );
}
