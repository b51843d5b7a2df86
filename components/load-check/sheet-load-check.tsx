import { useLocale, useTranslations } from "next-intl";
import type { LoadCheckSummary } from "@/lib/dto/load-check";
import { formatDateTime } from "@/lib/format";
import { loadCheckCountsText } from "./load-check-format";

/**
 * The dispatch sheet's sixth fact: the bill's newest load check at the truck, in small type on at
 * most two lines (when and by whom, then the counts), so page 1's facts keep their two rows.
 */
export function SheetLoadCheck({ check }: { check?: LoadCheckSummary }) {
  const t = useTranslations("loadCheck");
  const locale = useLocale();
  return (
    <div className="min-w-0" data-testid="sheet-load-check">
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t("sheet.title")}</dt>
      <dd className="text-xs leading-4 font-semibold break-words">
        {check ? (
          <>
            <span className="block truncate">
              {check.checkedBy
                ? t("sheet.atBy", { at: formatDateTime(check.createdAt, locale), user: check.checkedBy })
                : formatDateTime(check.createdAt, locale)}
            </span>
            <span className="block truncate">{loadCheckCountsText(check, t)}</span>
          </>
        ) : (
          t("sheet.notChecked")
        )}
      </dd>
    </div>
  );
}
