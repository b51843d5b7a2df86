import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { BagListRow } from "@/lib/dto/bags";
import { formatDateTime } from "@/lib/format";
import { bagHref } from "@/lib/routes";
import { formatBagStatus, formatBagType } from "./bag-labels";

/** One page of bags; a tap anywhere on a row opens the bag (its QR link covers the row). */
export function BagTable({ rows }: { rows: BagListRow[] }) {
  const t = useTranslations("bags");
  const tc = useTranslations("common");
  const locale = useLocale();
  const columns: readonly Column[] = [
    { label: t("table.qr") },
    { label: t("table.type"), show: "sm" },
    { label: t("table.status") },
    { label: t("table.contents"), className: "whitespace-nowrap" },
    { label: t("table.area"), show: "sm" },
    { label: t("table.created"), show: "md" },
    { label: t("table.by"), show: "md" },
  ];
  return (
    <DataTable columns={columns} testId="bag-table">
      {rows.map((b) => (
        <tr key={b.qr} className="relative border-t border-slate-100 hover:bg-slate-50">
          <td className={cellClass()}>
            {/* The link's ::after stretches over the whole row (the tr is its positioned box). */}
            <Link
              href={bagHref(b.qr)}
              className="font-mono font-semibold text-brand-700 underline-offset-2 after:absolute after:inset-0 after:content-[''] hover:underline"
            >
              {b.qr}
            </Link>
            <span className="block text-xs text-slate-600 sm:hidden">{formatBagType(b.type, b.qr, t)}</span>
          </td>
          <td className={cellClass("sm", "whitespace-nowrap")}>{formatBagType(b.type, b.qr, t)}</td>
          <td className={cellClass()}>{formatBagStatus(b.type, b.status, b.parentQr, b.finished, t)}</td>
          <td className={cellClass(undefined, "font-mono whitespace-nowrap")}>
            {b.type === "parent" ? (
              `${b.childCount} / ${b.capacity ?? "—"}`
            ) : b.parentQr ? (
              <Link href={bagHref(b.parentQr)} className="relative z-10 text-brand-700 hover:underline">
                {b.parentQr}
              </Link>
            ) : (
              "—"
            )}
          </td>
          <td className={cellClass("sm")}>{tc(`areas.${b.dispatchArea ?? "none"}`)}</td>
          <td className={cellClass("md", "whitespace-nowrap")}>{formatDateTime(b.createdAt, locale)}</td>
          <td className={cellClass("md")}>{b.createdBy ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
