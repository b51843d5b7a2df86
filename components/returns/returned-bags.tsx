import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { formatKg } from "@/components/bills/bill-format";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { ReturnBagDto } from "@/lib/dto/returns";
import { formatCount, formatDateTime } from "@/lib/format";
import { bagHref, billHref } from "@/lib/routes";
const LINK = "font-mono font-semibold break-all text-brand-700 underline-offset-2 hover:underline";

/** The parents on a ticket, newest first, each with the bill it left. */
export function ReturnedBags({ bags }: { bags: ReturnBagDto[] }) {
  const t = useTranslations("returns.bags");
  const locale = useLocale();
  const columns: Column[] = [
    { label: t("parentBag") },
    { label: t("fromBill") },
    { label: t("children") },
    { label: t("weight") },
    { label: t("state"), show: "sm" },
    { label: t("scanned"), show: "md" },
  ];
  return (
    <section aria-labelledby="returned-bags-heading" className="space-y-2">
      <h2 id="returned-bags-heading" className="text-lg font-semibold">
        {t("heading", { count: formatCount(bags.length, locale) })}
      </h2>
      {bags.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700" data-testid="returned-bags-empty">
          {t("empty")}
        </p>
      ) : (
        <DataTable columns={columns} testId="returned-bags" caption={t("caption")}>
          {bags.map((b) => (
            <tr key={b.qr} className="border-t border-slate-100 align-top" data-qr={b.qr} data-state={b.state}>
              <td className={cellClass()}>
                <Link href={bagHref(b.qr)} className={LINK}>
                  {b.qr}
                </Link>
              </td>
              <td className={cellClass()}>
                <Link href={billHref(b.billNumber)} className={LINK}>
                  {b.billNumber}
                </Link>
              </td>
              <td className={cellClass(undefined, "tabular-nums")}>{formatCount(b.childCount, locale)}</td>
              <td className={cellClass(undefined, "tabular-nums whitespace-nowrap")}>{formatKg(b.weightKg, locale)}</td>
              <td className={cellClass("sm")}>{t(`states.${b.state}`)}</td>
              <td className={cellClass("md", "whitespace-nowrap")}>
                {formatDateTime(b.scannedAt, locale)}
                <span className="block text-xs text-slate-600">{b.scannedBy ?? "—"}</span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
