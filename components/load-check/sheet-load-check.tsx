import type { LoadCheckSummary } from "@/lib/dto/load-check";
import { formatIstDateTime } from "@/lib/time";
import { loadCheckCountsText } from "./load-check-format";

/**
 * The dispatch sheet's sixth fact: the bill's newest load check at the truck, in small type on at
 * most two lines (when and by whom, then the counts), so page 1's facts keep their two rows.
 */
export function SheetLoadCheck({ check }: { check?: LoadCheckSummary }) {
  return (
    <div className="min-w-0" data-testid="sheet-load-check">
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Load check (IST)</dt>
      <dd className="text-xs leading-4 font-semibold break-words">
        {check ? (
          <>
            <span className="block truncate">
              {formatIstDateTime(check.createdAt)}
              {check.checkedBy && ` by ${check.checkedBy}`}
            </span>
            <span className="block truncate">{loadCheckCountsText(check)}</span>
          </>
        ) : (
          "Not checked"
        )}
      </dd>
    </div>
  );
}
