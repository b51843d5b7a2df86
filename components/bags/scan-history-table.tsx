import { cellClass, DataTable, type Column } from "@/components/ui/table";
import type { BagScanEvent } from "@/lib/dto/bags";
import { formatIstDateTime } from "@/lib/time";

const ACTION_LABEL: Record<string, string> = { parent: "Parent scan", child: "Child scan", undo: "Undo" };

const COLUMNS: readonly Column[] = [{ label: "When (IST)" }, { label: "Action" }, { label: "QR" }, { label: "Result" }, { label: "User" }];

/** "rejected:linked_elsewhere" → "Rejected (linked elsewhere)". */
function formatResult(result: string): string {
  const [head = "", code] = result.split(":");
  const word = head.charAt(0).toUpperCase() + head.slice(1).replace(/_/g, " ");
  return code ? `${word} (${code.replace(/_/g, " ")})` : word;
}

/** A bag's scan events with who did them; undone events stay listed, marked as undone. */
export function ScanHistoryTable({ scans, limit }: { scans: BagScanEvent[]; limit: number }) {
  return (
    <section aria-labelledby="scans-heading" className="space-y-2">
      <h2 id="scans-heading" className="text-xl font-semibold">
        Scan history
      </h2>
      {scans.length >= limit && <p className="text-sm text-slate-600">The latest {limit} events, newest first.</p>}
      {scans.length === 0 ? (
        <p className="text-slate-700">No scans recorded for this bag.</p>
      ) : (
        <DataTable columns={COLUMNS} testId="bag-scan-history">
          {scans.map((s, i) => (
            <tr key={`${s.at.toISOString()}-${i}`} className="border-t border-slate-100">
              <td className={cellClass(undefined, "whitespace-nowrap")}>{formatIstDateTime(s.at)}</td>
              <td className={cellClass()}>{ACTION_LABEL[s.action] ?? s.action}</td>
              <td className={cellClass(undefined, "font-mono")}>{s.qr ?? "—"}</td>
              <td className={cellClass()}>
                {formatResult(s.result)}
                {s.undone && <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-bold text-sky-900 uppercase">Undone</span>}
              </td>
              <td className={cellClass()}>{s.username ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
