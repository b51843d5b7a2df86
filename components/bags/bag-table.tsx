import Link from "next/link";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatArea } from "@/lib/domain";
import type { BagListRow } from "@/lib/dto/bags";
import { bagHref } from "@/lib/routes";
import { formatIstDateTime } from "@/lib/time";
import { formatBagStatus, formatBagType } from "./bag-labels";

const COLUMNS: readonly Column[] = [
  { label: "QR" },
  { label: "Type", show: "sm" },
  { label: "Status" },
  { label: "Contents / parent", className: "whitespace-nowrap" },
  { label: "Area", show: "sm" },
  { label: "Created (IST)", show: "md" },
  { label: "By", show: "md" },
];

/** One page of bags; a tap anywhere on a row opens the bag (its QR link covers the row). */
export function BagTable({ rows }: { rows: BagListRow[] }) {
  return (
    <DataTable columns={COLUMNS} testId="bag-table">
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
            <span className="block text-xs text-slate-600 sm:hidden">{formatBagType(b.type, b.qr)}</span>
          </td>
          <td className={cellClass("sm", "whitespace-nowrap")}>{formatBagType(b.type, b.qr)}</td>
          <td className={cellClass()}>{formatBagStatus(b.type, b.status, b.parentQr, b.finished)}</td>
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
          <td className={cellClass("sm")}>{formatArea(b.dispatchArea)}</td>
          <td className={cellClass("md", "whitespace-nowrap")}>{formatIstDateTime(b.createdAt)}</td>
          <td className={cellClass("md")}>{b.createdBy ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
