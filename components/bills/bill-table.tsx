import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { BillListRow } from "@/lib/dto/bills";
import { formatCount, formatDateTime } from "@/lib/format";
import { billHref } from "@/lib/routes";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatKg, formatVarianceKg } from "./bill-format";
import { BillStatusBadge } from "./bill-status-badge";

/** One page of bills; each number opens the bill page. */
export function BillTable({ rows }: { rows: BillListRow[] }) {
  const t = useTranslations("bills.table");
  const locale = useLocale();
  const columns: Column[] = [
    { label: t("bill") },
    { label: t("parents") },
    { label: t("weight"), show: "sm" },
    { label: t("customerVehicle"), show: "lg" },
    { label: t("created"), show: "md" },
  ];
  return (
    <DataTable columns={columns} testId="bill-table">
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
              {formatCount(b.linkedCount, locale)} / {formatCount(b.capacity, locale)}
            </span>
            <ProgressBar value={b.linkedCount} max={b.capacity} label={t("progressLabel", { billNumber: b.billNumber })} size="small" />
            <span className="mt-1 block text-xs text-slate-600 sm:hidden">
              {formatKg(b.actualWeightKg, locale)} / {formatKg(b.expectedWeightKg, locale)}
            </span>
          </td>
          <td className={cellClass("sm", "whitespace-nowrap tabular-nums")}>
            {formatKg(b.actualWeightKg, locale)} / {formatKg(b.expectedWeightKg, locale)}
            <span className={`block text-xs ${b.varianceKg < 0 ? "text-amber-800" : "text-slate-600"}`}>
              {t("variance", { kg: formatVarianceKg(b.varianceKg, locale) })}
            </span>
          </td>
          <td className={cellClass("lg")}>
            {b.customer ?? "—"}
            {b.vehicleNumber && <span className="block text-xs text-slate-600">{b.vehicleNumber}</span>}
          </td>
          <td className={cellClass("md", "whitespace-nowrap")}>
            {formatDateTime(b.createdAt, locale)}
            <span className="block text-xs text-slate-600">{b.createdBy ?? "—"}</span>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
