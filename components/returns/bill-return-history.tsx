import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { formatKg } from "@/components/bills/bill-format";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { BillReturnEventDto } from "@/lib/dto/returns";
import { formatCount, formatDateTime } from "@/lib/format";
import { returnHref } from "@/lib/returns";

const LINK = "font-mono font-semibold break-all text-brand-700 underline-offset-2 hover:underline";

/** A bill's return history: each parent a return ticket took off it (or a cancelled one put back). */
export function BillReturnHistory({ events }: { events: BillReturnEventDto[] }) {
  const t = useTranslations("returns.billHistory");
  const locale = useLocale();
  if (events.length === 0) return null;
  const kg = (n: number) => formatKg(n, locale);
  const count = (n: number) => formatCount(n, locale);
  const columns: Column[] = [
    { label: t("when") },
    { label: t("ticket") },
    { label: t("parentBag") },
    { label: t("parents") },
    { label: t("weightActual") },
    { label: t("weightExpected"), show: "md" },
    { label: t("by"), show: "sm" },
  ];
  return (
    <section aria-labelledby="bill-returns-heading" className="space-y-2" data-testid="bill-return-history">
      <h2 id="bill-returns-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <DataTable columns={columns} testId="bill-return-events" caption={t("caption")}>
        {events.map((e) => (
          <tr key={e.id} className="border-t border-slate-100 align-top" data-kind={e.kind}>
            <td className={cellClass(undefined, "whitespace-nowrap")}>
              {formatDateTime(e.at, locale)}
              <span className="block text-xs font-semibold">{t(`kinds.${e.kind}`)}</span>
            </td>
            <td className={cellClass()}>
              {e.ticketCode ? (
                <Link href={returnHref(e.ticketCode)} className={LINK}>
                  {e.ticketCode}
                </Link>
              ) : (
                "—"
              )}
            </td>
            <td className={cellClass(undefined, "font-mono break-all")}>{e.bagQr}</td>
            <td className={cellClass(undefined, "tabular-nums whitespace-nowrap")}>
              {count(e.linkedBefore)} → {count(e.linkedAfter)}
            </td>
            <td className={cellClass(undefined, "tabular-nums whitespace-nowrap")}>
              {kg(e.actualWeightBeforeKg)} → {kg(e.actualWeightAfterKg)}
            </td>
            <td className={cellClass("md", "tabular-nums whitespace-nowrap")}>
              {kg(e.expectedWeightBeforeKg)} → {kg(e.expectedWeightAfterKg)}
            </td>
            <td className={cellClass("sm")}>{e.by ?? "—"}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
