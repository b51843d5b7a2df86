import Link from "next/link";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { BillListRow } from "@/lib/dto/bills";
import { billHref } from "@/lib/routes";
import { formatIstDateTime } from "@/lib/time";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatKg, formatVarianceKg } from "./bill-format";
import { BillStatusBadge } from "./bill-status-badge";

const COLUMNS: Column[] = [
  { label: "Bill" },
  { label: "Parent bags" },
  { label: "Weight (actual / expected)", show: "sm" },
  { label: "Customer · vehicle", show: "lg" },
  { label: "Created (IST)", show: "md" },
];

/** One page of bills; each number opens the bill page. */
export function BillTable({ rows }: { rows: BillListRow[] }) {
  return (
    <DataTable columns={COLUMNS} testId="bill-table">
      {rows.map((b) => (
        <tr key={b.billNumber} className="border-t border-slate-100 align-top">
          <td className={cellClass()}>
            <Link href={billHref(b.billNumber)} className="font-mono font-semibold break-all text-brand-700 underline-offset-2 hover:underline">
              {b.billNumber}
            </Link>
            <div className="mt-1">
              <BillStatusBadge status={b.status} />
            </div>
          </td>
          <td className={cellClass(undefined, "min-w-32")}>
            <span className="font-mono font-semibold tabular-nums">
              {b.linkedCount} / {b.capacity}
            </span>
            <ProgressBar value={b.linkedCount} max={b.capacity} label={`Bill ${b.billNumber}: parent bags on the bill`} size="small" />
            <span className="mt-1 block text-xs text-slate-600 sm:hidden">
              {formatKg(b.actualWeightKg)} / {formatKg(b.expectedWeightKg)}
            </span>
          </td>
          <td className={cellClass("sm", "whitespace-nowrap tabular-nums")}>
            {formatKg(b.actualWeightKg)} / {formatKg(b.expectedWeightKg)}
            <span className={`block text-xs ${b.varianceKg < 0 ? "text-amber-800" : "text-slate-600"}`}>variance {formatVarianceKg(b.varianceKg)}</span>
          </td>
          <td className={cellClass("lg")}>
            {b.customer ?? "—"}
            {b.vehicleNumber && <span className="block text-xs text-slate-600">{b.vehicleNumber}</span>}
          </td>
          <td className={cellClass("md", "whitespace-nowrap")}>
            {formatIstDateTime(b.createdAt)}
            <span className="block text-xs text-slate-600">{b.createdBy ?? "—"}</span>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
