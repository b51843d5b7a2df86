import { useTranslations } from "next-intl";
import { exportHref, type ExportWhat } from "@/lib/schemas/exports";

const PAGING = new Set(["after", "before", "limit"]);
const LINK = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50";

/**
 * "Export CSV" / "Export XLSX" of a list with its current filters (paging left out: a file holds
 * every matching row). Plain links: the browser downloads the streamed file itself.
 */
export function ExportLinks({ what, filters }: { what: ExportWhat; filters: object }) {
  const t = useTranslations("shell.ui");
  const kept = Object.fromEntries(Object.entries(filters).filter(([key]) => !PAGING.has(key)));
  return (
    <>
      <a href={exportHref(what, "csv", kept)} download className={LINK} data-testid="export-csv">
        {t("exportCsv")}
      </a>
      <a href={exportHref(what, "xlsx", kept)} download className={LINK} data-testid="export-xlsx">
        {t("exportXlsx")}
      </a>
    </>
  );
}
