import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { BillParent } from "@/lib/dto/bills";
import { formatCount, formatDateTime } from "@/lib/format";
import { CHILD_WEIGHT_KG } from "@/lib/qr";
import { bagHref } from "@/lib/routes";
import { formatKg } from "./bill-format";

interface LinkedParentsProps {
  parents: BillParent[];
  /** Absent for viewers who cannot change the bill. */
  onRemove?: (qr: string) => void;
  locked: boolean;
}

/** The parent bags on the bill, newest first, each with its contents and (for billers) Remove. */
export function LinkedParents({ parents, onRemove, locked }: LinkedParentsProps) {
  const t = useTranslations("bills.parents");
  const locale = useLocale();
  const columns: Column[] = [{ label: t("parent") }, { label: t("type"), show: "sm" }, { label: t("children") }, { label: t("added"), show: "md" }];
  const actions: Column = { label: <span className="sr-only">{t("actions")}</span> };
  return (
    <section aria-labelledby="linked-heading" className="space-y-2">
      <h2 id="linked-heading" className="text-xl font-semibold">
        {t("heading", { count: formatCount(parents.length, locale) })}
      </h2>
      {parents.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">{t("empty")}</p>
      ) : (
        <DataTable columns={onRemove ? [...columns, actions] : columns} testId="bill-parents">
          {parents.map((p) => (
            <tr key={p.qr} className="border-t border-slate-100">
              <td className={cellClass()}>
                <Link href={bagHref(p.qr)} className="font-mono text-base font-semibold whitespace-nowrap text-brand-700 underline-offset-2 hover:underline">
                  {p.qr}
                </Link>
                <span className="block text-xs text-slate-600 sm:hidden">{t(`kinds.${p.type}`)}</span>
              </td>
              <td className={cellClass("sm")}>{t(`kinds.${p.type}`)}</td>
              <td className={cellClass(undefined, "whitespace-nowrap")}>
                <span className="font-mono tabular-nums">
                  {p.childCount} / {p.capacity}
                </span>
                {/* On phones the weight and badge go under the count, so Remove stays in view. */}
                <span className="block sm:inline">
                  <span className="text-slate-600">
                    <span className="hidden sm:inline"> · </span>
                    {formatKg(p.childCount * CHILD_WEIGHT_KG, locale)}
                  </span>
                  {p.partial && (
                    <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-bold uppercase text-amber-900">{p.childCount === 0 ? t("emptyBadge") : t("partial")}</span>
                  )}
                </span>
              </td>
              <td className={cellClass("md", "whitespace-nowrap")}>
                <time dateTime={p.addedAt.toISOString()} suppressHydrationWarning>
                  {formatDateTime(p.addedAt, locale)}
                </time>
                {p.addedBy ? ` · ${p.addedBy}` : ""}
              </td>
              {onRemove && (
                <td className={cellClass(undefined, "text-right")}>
                  <button
                    type="button"
                    onClick={() => onRemove(p.qr)}
                    disabled={locked}
                    title={locked ? t("reopenToRemove") : undefined}
                    aria-label={t("removeLabel", { qr: p.qr })}
                    className="min-h-11 rounded-md border border-red-300 bg-white px-3 font-semibold text-red-800 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-50"
                  >
                    {t("remove")}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
