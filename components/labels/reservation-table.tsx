import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { LabelReservationDto } from "@/lib/dto/labels";
import { formatLabelRange, LABEL_SERIES } from "@/lib/labels";
import { formatIstDateTime } from "@/lib/time";
import { PdfLinks } from "./pdf-links";

const COLUMNS: Column[] = [
  { label: "Series" },
  { label: "Range" },
  { label: "Count", show: "sm" },
  { label: "Reserved by", show: "md" },
  { label: "When (IST)", show: "sm" },
  { label: "Note", show: "lg" },
  { label: "Download" },
];

/** The latest reservations, newest first; `highlightId` (the one just reserved) stands out. */
export function ReservationTable({ rows, highlightId }: { rows: readonly LabelReservationDto[]; highlightId: number | null }) {
  return (
    <DataTable columns={COLUMNS} testId="label-reservations" caption="Recent label reservations">
      {rows.length === 0 ? (
        <tr>
          <td colSpan={COLUMNS.length} className="px-3 py-6 text-center text-slate-600">
            No labels reserved yet.
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
              <td className={cellClass(undefined, "font-medium")}>{LABEL_SERIES[r.kind].label}</td>
              <td className={cellClass(undefined, "font-mono whitespace-nowrap")} data-testid="label-reservation-range">
                {formatLabelRange(r.first, r.last)}
                {highlighted && <span className="ml-2 font-sans text-xs font-semibold text-green-800">new</span>}
              </td>
              <td className={cellClass("sm")}>{r.count}</td>
              <td className={cellClass("md")}>{r.reservedBy ?? "—"}</td>
              <td className={cellClass("sm", "whitespace-nowrap")}>{formatIstDateTime(r.createdAt)}</td>
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
