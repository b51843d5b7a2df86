import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { PassDto } from "@/lib/dto/passes";
import { formatDateTime } from "@/lib/format";
import { billHref, passHref } from "@/lib/routes";
import { formatPassWindow, formatPhone } from "./pass-format";
import { PassStatusBadge } from "./pass-status-badge";

const LINK = "font-mono font-semibold break-all text-brand-700 underline-offset-2 hover:underline";

/** One page of passes; each code opens the pass, each bill its bill page (for those who may see bills). */
export function PassTable({ rows, linkBills }: { rows: PassDto[]; linkBills: boolean }) {
  const t = useTranslations("passes.table");
  const locale = useLocale();
  const columns: Column[] = [
    { label: t("pass") },
    { label: t("bill") },
    { label: t("vehicle") },
    { label: t("driver") },
    { label: t("valid"), show: "lg" },
    { label: t("issued"), show: "md" },
    { label: t("used"), show: "sm" },
  ];
  return (
    <DataTable columns={columns} testId="pass-table" caption={t("caption")}>
      {rows.map((p) => (
        <tr key={p.code} className="border-t border-slate-100 align-top">
          <td className={cellClass(undefined, "whitespace-nowrap")}>
            <Link href={passHref(p.code)} className={LINK}>
              {p.code}
            </Link>
            <div className="mt-1">
              <PassStatusBadge status={p.status} />
            </div>
          </td>
          <td className={cellClass()}>
            {linkBills ? (
              <Link href={billHref(p.billNumber)} className={LINK}>
                {p.billNumber}
              </Link>
            ) : (
              <span className="font-mono break-all">{p.billNumber}</span>
            )}
            {p.bill.customer && <span className="block text-xs text-slate-600">{p.bill.customer}</span>}
          </td>
          <td className={cellClass(undefined, "font-mono font-semibold whitespace-nowrap")}>{p.vehicleNumber}</td>
          <td className={cellClass()}>
            {p.driverName}
            <span className="block text-xs whitespace-nowrap text-slate-600">{formatPhone(p.driverPhone)}</span>
          </td>
          <td className={cellClass("lg", "min-w-40")}>{formatPassWindow(p.validFrom, p.validUntil, locale)}</td>
          <td className={cellClass("md", "whitespace-nowrap")}>
            {formatDateTime(p.createdAt, locale)}
            <span className="block text-xs text-slate-600">{p.issuedBy ?? "—"}</span>
          </td>
          <td className={cellClass("sm", "whitespace-nowrap")}>
            {p.usedAt ? (
              <>
                {formatDateTime(p.usedAt, locale)}
                <span className="block text-xs text-slate-600">{p.usedBy ?? "—"}</span>
              </>
            ) : (
              "—"
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
