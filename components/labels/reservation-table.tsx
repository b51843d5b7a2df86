import { useLocale, useTranslations } from "next-intl";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { LabelReservationDto } from "@/lib/dto/labels";
import { formatCount, formatDateTime } from "@/lib/format";
import { formatLabelRange } from "@/lib/labels";
import { PdfLinks } from "./pdf-links";

/** The latest reservations, newest first; `highlightId` (the one just reserved) stands out. */
export function ReservationTable({ rows, highlightId }: { rows: readonly LabelReservationDto[]; highlightId: number | null }) {
  const t = useTranslations("labels");
  const locale = useLocale();
  const columns: Column[] = [
    { label: t("table.series") },
    { label: t("table.range") },
    { label: t("table.count"), show: "sm" },
    { label: t("table.by"), show: "md" },
    { label: t("table.when"), show: "sm" },
    { label: t("table.note"), show: "lg" },
    { label: t("table.download") },
  ];
  return (
    <DataTable columns={columns} testId="label-reservations" caption={t("table.caption")}>
      {rows.length === 0 ? (
        <tr>
          <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-600">
            {t("table.empty")}
          </td>
        </tr>
      ) : (
        rows.map((r) => {
          const highlighted = r.id === highlightId;
          return (
            <tr
              key={r.id}
              data-testid="label-reservation-row"
              data-id={r.id}
              data-highlighted={highlighted || undefined}
              aria-current={highlighted || undefined}
              className={`border-t border-slate-100 align-top ${highlighted ? "bg-green-50" : ""}`}
            >
              <td className={cellClass(undefined, "font-medium")}>{t(`series.${r.kind}`)}</td>
              <td className={cellClass(undefined, "font-mono whitespace-nowrap")} data-testid="label-reservation-range">
                {formatLabelRange(r.first, r.last)}
                {highlighted && <span className="ml-2 font-sans text-xs font-semibold text-green-800">{t("table.new")}</span>}
              </td>
              <td className={cellClass("sm")}>{formatCount(r.count, locale)}</td>
              <td className={cellClass("md")}>{r.reservedBy ?? "—"}</td>
              <td className={cellClass("sm", "whitespace-nowrap")}>{formatDateTime(r.createdAt, locale)}</td>
              <td className={cellClass("lg", "[overflow-wrap:anywhere]")}>{r.note ?? ""}</td>
              <td className={cellClass()}>
                <PdfLinks id={r.id} first={r.first} last={r.last} />
              </td>
            </tr>
          );
        })
      )}
    </DataTable>
  );
}
