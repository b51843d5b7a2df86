import Link from "next/link";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { BILL_STATUSES } from "@/lib/domain";
import type { BillSummary } from "@/lib/dto/bills";
import { billHref } from "@/lib/routes";
import { formatIstDateTime } from "@/lib/time";
import { BILL_STATUS_LABEL, formatKg, formatVarianceKg } from "./bill-format";
import { BillStatusBadge } from "./bill-status-badge";

const COLUMNS: Column[] = [
  { label: "Bill" },
  { label: "Created (IST)", show: "md" },
  { label: "Parents", className: "text-right" },
  { label: "Children", show: "sm", className: "text-right" },
  { label: "Actual", className: "text-right" },
  { label: "Expected", show: "sm", className: "text-right" },
  { label: "Variance", show: "sm", className: "text-right" },
];

/** The report's totals for the range, then one row per bill (oldest first). */
export function BillSummaryTable({ summary }: { summary: BillSummary }) {
  const t = summary.totals;
  const byStatus = BILL_STATUSES.map((s) => `${t.byStatus[s]} ${BILL_STATUS_LABEL[s].toLowerCase()}`).join(" · ");
  const totals: Fact[] = [
    [
      "Bills",
      <>
        {t.bills}
        <span className="block text-xs font-normal text-slate-600">{byStatus}</span>
      </>,
    ],
    ["Parent bags", t.parents],
    ["Child bags", t.children],
    ["Actual weight", formatKg(t.actualWeightKg)],
    ["Expected weight", formatKg(t.expectedWeightKg)],
    ["Variance", formatVarianceKg(t.varianceKg)],
  ];
  return (
    <>
      <FactList facts={totals} testId="report-totals" />
      {summary.truncated && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          Only the first {summary.rows.length} bills are listed; the totals and the CSV cover all of them.
        </p>
      )}
      {summary.rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">No bills were created on these days.</p>
      ) : (
        <DataTable columns={COLUMNS} testId="report-table">
          {summary.rows.map((r) => (
            <tr key={r.billNumber} className="border-t border-slate-100">
              <td className={cellClass()}>
                <Link href={billHref(r.billNumber)} className="font-mono font-semibold break-all text-brand-700 hover:underline">
                  {r.billNumber}
                </Link>{" "}
                <BillStatusBadge status={r.status} />
              </td>
              <td className={cellClass("md", "whitespace-nowrap")}>
                {formatIstDateTime(r.createdAt)}
                <span className="block text-xs text-slate-600">{r.createdBy ?? "—"}</span>
              </td>
              <td className={cellClass(undefined, "text-right whitespace-nowrap tabular-nums")}>
                {r.parentCount} / {r.capacity}
                <span className="block text-xs text-slate-600">{r.completionPct}%</span>
              </td>
              <td className={cellClass("sm", "text-right tabular-nums")}>{r.childCount}</td>
              <td className={cellClass(undefined, "text-right whitespace-nowrap tabular-nums")}>{formatKg(r.actualWeightKg)}</td>
              <td className={cellClass("sm", "text-right whitespace-nowrap tabular-nums")}>{formatKg(r.expectedWeightKg)}</td>
              <td className={cellClass("sm", "text-right whitespace-nowrap tabular-nums")}>{formatVarianceKg(r.varianceKg)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
