import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { PortalParentRow } from "@/lib/dto/portal";

const COLUMNS: Column[] = [{ label: "Parent bag" }, { label: "Children", className: "text-right" }, { label: "Status" }];
const STATUS: Record<string, string> = { pending: "Empty", in_progress: "Packing", completed: "Complete" };

/** A portal bill's parent bags: QR, children of capacity, packing state (no staff, no scan history). */
export function PortalParents({ parents }: { parents: PortalParentRow[] }) {
  return (
    <section aria-labelledby="portal-parents-heading" className="space-y-2">
      <h2 id="portal-parents-heading" className="text-xl font-semibold">
        Parent bags ({parents.length})
      </h2>
      {parents.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-700">No parent bags on this bill yet.</p>
      ) : (
        <DataTable columns={COLUMNS} testId="portal-bill-parents" caption="Parent bags on this bill">
          {parents.map((p) => (
            <tr key={p.qr} className="border-t border-slate-100" data-testid="portal-parent-row">
              <td className={cellClass(undefined, "font-mono font-semibold")}>{p.qr}</td>
              <td className={cellClass(undefined, "text-right font-mono tabular-nums whitespace-nowrap")}>
                {p.childCount} / {p.capacity ?? "—"}
              </td>
              <td className={cellClass()}>{STATUS[p.status] ?? p.status}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
