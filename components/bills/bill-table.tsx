import Link from "next/link";
import type { BillListRow } from "@/lib/server/bills/queries";
import { formatIstDateTime } from "@/lib/time";
import { completionPercent, formatKg, formatVarianceKg } from "./bill-format";
import { billHref } from "./bill-links";
import { BillStatusBadge } from "./bill-status-badge";

/** One page of bills; each number opens the bill page. */
export function BillTable({ rows }: { rows: BillListRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="bill-table">
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">Bill</th>
            <th scope="col" className="px-3 py-2">Parent bags</th>
            <th scope="col" className="hidden px-3 py-2 sm:table-cell">Weight (actual / expected)</th>
            <th scope="col" className="hidden px-3 py-2 lg:table-cell">Customer · vehicle</th>
            <th scope="col" className="hidden px-3 py-2 md:table-cell">Created (IST)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.billNumber} className="border-t border-slate-100 align-top">
              <td className="px-3 py-2">
                <Link href={billHref(b.billNumber)} className="font-mono font-semibold break-all text-brand-700 underline-offset-2 hover:underline">
                  {b.billNumber}
                </Link>
                <div className="mt-1">
                  <BillStatusBadge status={b.status} />
                </div>
              </td>
              <td className="min-w-32 px-3 py-2">
                <span className="font-mono font-semibold tabular-nums">
                  {b.linkedCount} / {b.capacity}
                </span>
                <div
                  role="progressbar"
                  aria-label={`Bill ${b.billNumber}: parent bags on the bill`}
                  aria-valuemin={0}
                  aria-valuemax={b.capacity}
                  aria-valuenow={b.linkedCount}
                  className="mt-1 h-2.5 overflow-hidden rounded-full bg-slate-200"
                >
                  <div
                    className={`h-full rounded-full ${b.linkedCount >= b.capacity ? "bg-green-700" : "bg-brand-600"}`}
                    style={{ width: `${completionPercent(b.linkedCount, b.capacity)}%` }}
                  />
                </div>
                <span className="mt-1 block text-xs text-slate-600 sm:hidden">
                  {formatKg(b.actualWeightKg)} / {formatKg(b.expectedWeightKg)}
                </span>
              </td>
              <td className="hidden px-3 py-2 whitespace-nowrap tabular-nums sm:table-cell">
                {formatKg(b.actualWeightKg)} / {formatKg(b.expectedWeightKg)}
                <span className={`block text-xs ${b.varianceKg < 0 ? "text-amber-800" : "text-slate-600"}`}>variance {formatVarianceKg(b.varianceKg)}</span>
              </td>
              <td className="hidden px-3 py-2 lg:table-cell">
                {b.customer ?? "—"}
                {b.vehicleNumber && <span className="block text-xs text-slate-600">{b.vehicleNumber}</span>}
              </td>
              <td className="hidden px-3 py-2 whitespace-nowrap md:table-cell">
                {formatIstDateTime(b.createdAt)}
                <span className="block text-xs text-slate-600">{b.createdBy ?? "—"}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
