import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { BillStatusBadge } from "@/components/bills/bill-status-badge";
import type { PortalBillRow, PortalColumn } from "@/lib/dto/portal";
import type { SortDir } from "@/lib/portal-view";
import { cellText, NUMERIC_COLUMNS, portalBillHref } from "./portal-format";

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

function Cell({ row, column, as }: { row: PortalBillRow; column: PortalColumn; as: string | null }) {
  const locale = useLocale();
  if (column === "billNumber") {
    return (
      <Link href={portalBillHref(row.billNumber, as)} prefetch={false} className="font-mono font-semibold text-brand-700 underline-offset-2 hover:underline">
        {row.billNumber}
      </Link>
    );
  }
  if (column === "status") return <BillStatusBadge status={row.status} />;
  const text = cellText(row, column, locale);
  if (column === "createdAt" || column === "gatePassAt") {
    const iso = column === "createdAt" ? row.createdAt : row.gatePassAt;
    return iso ? <time dateTime={iso}>{text}</time> : <span className="text-slate-500">{text}</span>;
  }
  if (column === "vehicleNumber") return <span className="font-mono">{text}</span>;
  return <>{text}</>;
}

/**
 * The grid: sortable headers (a button each, aria-sort on the header cell), one row per bill.
 * It scrolls sideways inside its own box on a phone; the bill column stays pinned at the left.
 */
export function PortalTable({
  rows,
  columns,
  sort,
  dir,
  as,
  onSort,
  busy,
}: {
  rows: PortalBillRow[];
  columns: PortalColumn[];
  sort: PortalColumn;
  dir: SortDir;
  as: string | null;
  onSort: (column: PortalColumn) => void;
  busy: boolean;
}) {
  const t = useTranslations("portal");
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" data-testid="portal-grid">
      <table className="w-full text-left text-sm" aria-busy={busy || undefined}>
        <caption className="sr-only">{t("table.caption")}</caption>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {columns.map((column) => {
              const active = column === sort;
              const numeric = NUMERIC_COLUMNS.has(column);
              return (
                <th
                  key={column}
                  scope="col"
                  aria-sort={active ? ARIA_SORT[dir] : "none"}
                  className={`px-1 py-1 whitespace-nowrap ${numeric ? "text-right" : ""} ${column === "billNumber" ? "sticky left-0 z-10 bg-slate-100" : ""}`}
                >
                  <button
                    type="button"
                    onClick={() => onSort(column)}
                    className={`inline-flex min-h-10 items-center gap-1 rounded px-2 font-semibold hover:bg-slate-200 ${active ? "text-slate-950" : ""}`}
                  >
                    {t(`columns.${column}`)}
                    <span aria-hidden="true" className={active ? "" : "text-slate-400"}>
                      {active ? (dir === "asc" ? "▲" : "▼") : "↕"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.billNumber} data-testid="portal-row" className="border-t border-slate-100 hover:bg-slate-50">
              {columns.map((column) => (
                <td
                  key={column}
                  className={`px-3 py-2 whitespace-nowrap ${NUMERIC_COLUMNS.has(column) ? "text-right tabular-nums" : ""} ${column === "billNumber" ? "sticky left-0 bg-white" : ""}`}
                  data-column={column}
                >
                  <Cell row={row} column={column} as={as} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Placeholder rows while the first page loads. */
export function PortalTableSkeleton({ columns }: { columns: number }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white" aria-hidden="true">
      <div className="h-11 bg-slate-100" />
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="flex gap-4 border-t border-slate-100 px-3 py-3">
          {Array.from({ length: Math.min(columns, 6) }, (_, j) => (
            <div key={j} className="h-4 flex-1 animate-pulse rounded bg-slate-200" />
          ))}
        </div>
      ))}
    </div>
  );
}
