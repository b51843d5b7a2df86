import { useLocale, useTranslations } from "next-intl";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { PortalParentRow } from "@/lib/dto/portal";
import { formatCount } from "@/lib/format";

const PACKING_STATES = ["pending", "in_progress", "completed"] as const;
const isPackingState = (s: string): s is (typeof PACKING_STATES)[number] => (PACKING_STATES as readonly string[]).includes(s);

/** A portal bill's parent bags: QR, children of capacity, packing state (no staff, no scan history). */
export function PortalParents({ parents }: { parents: PortalParentRow[] }) {
  const t = useTranslations("portal.parents");
  const locale = useLocale();
  const columns: Column[] = [{ label: t("parentBag") }, { label: t("children"), className: "text-right" }, { label: t("status") }];
  return (
    <section aria-labelledby="portal-parents-heading" className="space-y-2">
      <h2 id="portal-parents-heading" className="text-xl font-semibold">
        {t("heading", { count: formatCount(parents.length, locale) })}
      </h2>
      {parents.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">{t("empty")}</p>
      ) : (
        <DataTable columns={columns} testId="portal-bill-parents" caption={t("caption")}>
          {parents.map((p) => (
            <tr key={p.qr} className="border-t border-slate-100" data-testid="portal-parent-row">
              <td className={cellClass(undefined, "font-mono font-semibold")}>{p.qr}</td>
              <td className={cellClass(undefined, "text-right font-mono tabular-nums whitespace-nowrap")}>
                {formatCount(p.childCount, locale)} / {p.capacity === null ? "—" : formatCount(p.capacity, locale)}
              </td>
              <td className={cellClass()}>{isPackingState(p.status) ? t(`states.${p.status}`) : p.status}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
