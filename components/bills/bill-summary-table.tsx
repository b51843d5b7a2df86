import Link from "next/link";
import { BILL_STATUSES } from "@/lib/domain";
import type { BillSummary } from "@/lib/server/bills/queries";
import { formatIstDateTime } from "@/lib/time";
import { BILL_STATUS_LABEL, formatKg, formatVarianceKg } from "./bill-format";
import { billHref } from "./bill-links";
import { BillStatusBadge } from "./bill-status-badge";

/** The report's totals for the range, then one row per bill (oldest first). */
export function BillSummaryTable({ summary }: { summary: BillSummary }) {
  const t = summary.totals;
  const tiles: [string, string, string?][] = [
    ["Bills", String(t.bills), BILL_STATUSES.map((s) => `${t.byStatus[s]} ${BILL_STATUS_LABEL[s].toLowerCase()}`).join(" · ")],
    ["Parent bags", String(t.parents)],
    ["Child bags", String(t.children)],
    ["Actual weight", formatKg(t.actualWeightKg)],
    ["Expected weight", formatKg(t.expectedWeightKg)],
    ["Variance", formatVarianceKg(t.varianceKg)],
  ];
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="report-totals">
        {tiles.map(([label, value, note]) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</dt>
            <dd className="text-2xl font-bold tabular-nums">{value}</dd>
            {note && <dd className="text-xs text-slate-600">{note}</dd>}
          </div>
        ))}
      </dl>
      {summary.truncated && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          Only the first {summary.rows.length} bills are listed; the totals and the CSV cover all of them.
        </p>
      )}
      {summary.rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">No bills were created on these days.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="report-table">
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">Bill</th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">Created (IST)</th>
                <th scope="col" className="px-3 py-2 text-right">Parents</th>
                <th scope="col" className="hidden px-3 py-2 text-right sm:table-cell">Children</th>
                <th scope="col" className="px-3 py-2 text-right">Actual</th>
                <th scope="col" className="hidden px-3 py-2 text-right sm:table-cell">Expected</th>
                <th scope="col" className="hidden px-3 py-2 text-right sm:table-cell">Variance</th>
              </tr>
            </thead>
            <tbody>
              {summary.rows.map((r) => (
                <tr key={r.billNumber} className="border-t border-slate-100">
                  <td className="px-3 py-2">
                    <Link href={billHref(r.billNumber)} className="font-mono font-semibold break-all text-brand-700 hover:underline">
                      {r.billNumber}
                    </Link>{" "}
                    <BillStatusBadge status={r.status} />
                  </td>
                  <td className="hidden px-3 py-2 whitespace-nowrap md:table-cell">
                    {formatIstDateTime(r.createdAt)}
                    <span className="block text-xs text-slate-600">{r.createdBy ?? "—"}</span>
                  </td>
                  <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                    {r.parentCount} / {r.capacity}
                    <span className="block text-xs text-slate-600">{r.completionPct}%</span>
                  </td>
                  <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">{r.childCount}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{formatKg(r.actualWeightKg)}</td>
                  <td className="hidden px-3 py-2 text-right whitespace-nowrap tabular-nums sm:table-cell">{formatKg(r.expectedWeightKg)}</td>
                  <td className="hidden px-3 py-2 text-right whitespace-nowrap tabular-nums sm:table-cell">{formatVarianceKg(r.varianceKg)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
