import Link from "next/link";
import { formatKg } from "@/components/bills/bill-format";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatArea } from "@/lib/domain";
import type { ReturnTicketDto } from "@/lib/dto/returns";
import { returnHref } from "@/lib/returns";
import { formatIstDateTime } from "@/lib/time";
import { ReturnStatusBadge } from "./return-status-badge";

const COLUMNS: Column[] = [
  { label: "Ticket" },
  { label: "C&F location" },
  { label: "Bags" },
  { label: "Weight" },
  { label: "Created (IST)", show: "md" },
  { label: "Closed (IST)", show: "lg" },
  { label: "Notes", show: "lg" },
];

const LINK = "font-mono font-semibold break-all text-brand-700 underline-offset-2 hover:underline";

/** One page of return tickets; each code opens the ticket. */
export function ReturnTable({ rows }: { rows: ReturnTicketDto[] }) {
  return (
    <DataTable columns={COLUMNS} testId="return-table" caption="Return tickets">
      {rows.map((t) => (
        <tr key={t.code} className="border-t border-slate-100 align-top" data-code={t.code}>
          <td className={cellClass(undefined, "whitespace-nowrap")}>
            <Link href={returnHref(t.code)} className={LINK}>
              {t.code}
            </Link>
            <div className="mt-1">
              <ReturnStatusBadge status={t.status} />
            </div>
          </td>
          <td className={cellClass()}>{formatArea(t.area)}</td>
          <td className={cellClass(undefined, "tabular-nums")}>{t.bagsCount}</td>
          <td className={cellClass(undefined, "tabular-nums whitespace-nowrap")}>{formatKg(t.weightKg)}</td>
          <td className={cellClass("md", "whitespace-nowrap")}>
            {formatIstDateTime(t.createdAt)}
            <span className="block text-xs text-slate-600">{t.createdBy ?? "—"}</span>
          </td>
          <td className={cellClass("lg", "whitespace-nowrap")}>
            {t.closedAt ? (
              <>
                {formatIstDateTime(t.closedAt)}
                <span className="block text-xs text-slate-600">{t.closedBy ?? "—"}</span>
              </>
            ) : (
              "—"
            )}
          </td>
          <td className={cellClass("lg", "max-w-xs break-words")}>{t.notes ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
