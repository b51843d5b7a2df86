import Link from "next/link";
import { formatKg } from "@/components/bills/bill-format";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { ReturnBagDto } from "@/lib/dto/returns";
import type { ReturnBagState } from "@/lib/domain";
import { bagHref, billHref } from "@/lib/routes";
import { formatIstDateTime } from "@/lib/time";

const COLUMNS: Column[] = [
  { label: "Parent bag" },
  { label: "From bill" },
  { label: "Children" },
  { label: "Weight" },
  { label: "State", show: "sm" },
  { label: "Scanned (IST)", show: "md" },
];

const STATE_LABEL: Record<ReturnBagState, string> = { held: "Off its bill", returned: "Returned", restored: "Back on its bill" };
const LINK = "font-mono font-semibold break-all text-brand-700 underline-offset-2 hover:underline";

/** The parents on a ticket, newest first, each with the bill it left. */
export function ReturnedBags({ bags }: { bags: ReturnBagDto[] }) {
  return (
    <section aria-labelledby="returned-bags-heading" className="space-y-2">
      <h2 id="returned-bags-heading" className="text-lg font-semibold">
        Returned parent bags ({bags.length})
      </h2>
      {bags.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700" data-testid="returned-bags-empty">
          No parent bags on this ticket yet.
        </p>
      ) : (
        <DataTable columns={COLUMNS} testId="returned-bags" caption="Returned parent bags">
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
              <td className={cellClass(undefined, "tabular-nums")}>{b.childCount}</td>
              <td className={cellClass(undefined, "tabular-nums whitespace-nowrap")}>{formatKg(b.weightKg)}</td>
              <td className={cellClass("sm")}>{STATE_LABEL[b.state]}</td>
              <td className={cellClass("md", "whitespace-nowrap")}>
                {formatIstDateTime(b.scannedAt)}
                <span className="block text-xs text-slate-600">{b.scannedBy ?? "—"}</span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
