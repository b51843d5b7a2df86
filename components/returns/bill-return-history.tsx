import Link from "next/link";
import { formatKg } from "@/components/bills/bill-format";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { BillReturnEventDto } from "@/lib/dto/returns";
import { returnHref } from "@/lib/returns";
import { formatIstDateTime } from "@/lib/time";

const COLUMNS: Column[] = [
  { label: "When (IST)" },
  { label: "Ticket" },
  { label: "Parent bag" },
  { label: "Parents" },
  { label: "Weight (actual)" },
  { label: "Weight (expected)", show: "md" },
  { label: "By", show: "sm" },
];

const LINK = "font-mono font-semibold break-all text-brand-700 underline-offset-2 hover:underline";
const KIND: Record<BillReturnEventDto["kind"], string> = { returned: "Returned", restored: "Restored" };

/** A bill's return history: each parent a return ticket took off it (or a cancelled one put back). */
export function BillReturnHistory({ events }: { events: BillReturnEventDto[] }) {
  if (events.length === 0) return null;
  return (
    <section aria-labelledby="bill-returns-heading" className="space-y-2" data-testid="bill-return-history">
      <h2 id="bill-returns-heading" className="text-lg font-semibold">
        Returns
      </h2>
      <DataTable columns={COLUMNS} testId="bill-return-events" caption="Return history">
        {events.map((e) => (
          <tr key={e.id} className="border-t border-slate-100 align-top" data-kind={e.kind}>
            <td className={cellClass(undefined, "whitespace-nowrap")}>
              {formatIstDateTime(e.at)}
              <span className="block text-xs font-semibold">{KIND[e.kind]}</span>
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
              {e.linkedBefore} → {e.linkedAfter}
            </td>
            <td className={cellClass(undefined, "tabular-nums whitespace-nowrap")}>
              {formatKg(e.actualWeightBeforeKg)} → {formatKg(e.actualWeightAfterKg)}
            </td>
            <td className={cellClass("md", "tabular-nums whitespace-nowrap")}>
              {formatKg(e.expectedWeightBeforeKg)} → {formatKg(e.expectedWeightAfterKg)}
            </td>
            <td className={cellClass("sm")}>{e.by ?? "—"}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
