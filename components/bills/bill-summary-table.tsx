import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { FactList, type Fact } from "@/components/ui/fact-list";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { BILL_STATUSES } from "@/lib/domain";
import type { BillSummary } from "@/lib/dto/bills";
import { formatCount, formatDateTime } from "@/lib/format";
import { billHref } from "@/lib/routes";
import { formatKg, formatVarianceKg } from "./bill-format";
import { BillStatusBadge } from "./bill-status-badge";

/** The report's totals for the range, then one row per bill (oldest first). */
export function BillSummaryTable({ summary }: { summary: BillSummary }) {
  const t = useTranslations("bills.summary");
  const tc = useTranslations("common");
  const locale = useLocale();
  const n = (value: number) => formatCount(value, locale);
  const columns: Column[] = [
    { label: t("bill") },
    { label: t("created"), show: "md" },
    { label: t("parents"), className: "text-right" },
    { label: t("children"), show: "sm", className: "text-right" },
    { label: t("actual"), className: "text-right" },
    { label: t("expected"), show: "sm", className: "text-right" },
    { label: t("variance"), show: "sm", className: "text-right" },
  ];
  const totalsOf = summary.totals;
  const byStatus = BILL_STATUSES.map((s) => t("byStatus", { count: n(totalsOf.byStatus[s]), status: tc(`billStatuses.${s}`).toLowerCase() })).join(" · ");
  const totals: Fact[] = [
    [
      t("totals.bills"),
      <>
        {n(totalsOf.bills)}
        <span className="block text-xs font-normal text-slate-600">{byStatus}</span>
      </>,
    ],
    [t("totals.parents"), n(totalsOf.parents)],
    [t("totals.children"), n(totalsOf.children)],
    [t("totals.actual"), formatKg(totalsOf.actualWeightKg, locale)],
    [t("totals.expected"), formatKg(totalsOf.expectedWeightKg, locale)],
    [t("totals.variance"), formatVarianceKg(totalsOf.varianceKg, locale)],
  ];
  return (
    <>
      <FactList facts={totals} testId="report-totals" />
      {summary.truncated && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t("truncated", { count: n(summary.rows.length) })}
        </p>
      )}
      {summary.rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">{t("empty")}</p>
      ) : (
        <DataTable columns={columns} testId="report-table">
          {summary.rows.map((r) => (
            <tr key={r.billNumber} className="border-t border-slate-100">
              <td className={cellClass()}>
                <Link href={billHref(r.billNumber)} className="font-mono font-semibold break-all text-brand-700 hover:underline">
                  {r.billNumber}
                </Link>{" "}
                <BillStatusBadge status={r.status} />
              </td>
              <td className={cellClass("md", "whitespace-nowrap")}>
                {formatDateTime(r.createdAt, locale)}
                <span className="block text-xs text-slate-600">{r.createdBy ?? "—"}</span>
              </td>
              <td className={cellClass(undefined, "text-right whitespace-nowrap tabular-nums")}>
                {n(r.parentCount)} / {n(r.capacity)}
                <span className="block text-xs text-slate-600">{r.completionPct}%</span>
              </td>
              <td className={cellClass("sm", "text-right tabular-nums")}>{n(r.childCount)}</td>
              <td className={cellClass(undefined, "text-right whitespace-nowrap tabular-nums")}>{formatKg(r.actualWeightKg, locale)}</td>
              <td className={cellClass("sm", "text-right whitespace-nowrap tabular-nums")}>{formatKg(r.expectedWeightKg, locale)}</td>
              <td className={cellClass("sm", "text-right whitespace-nowrap tabular-nums")}>{formatVarianceKg(r.varianceKg, locale)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
