import { formatIstDateTime } from "@/lib/time";

interface ScanRow {
  at: Date;
  action: string;
  result: string;
  username: string | null;
  qr: string | null;
  undone: boolean;
}

const ACTION_LABEL: Record<string, string> = { parent: "Parent scan", child: "Child scan", undo: "Undo" };

/** "rejected:linked_elsewhere" → "Rejected (linked elsewhere)". */
function formatResult(result: string): string {
  const [head = "", code] = result.split(":");
  const word = head.charAt(0).toUpperCase() + head.slice(1).replace(/_/g, " ");
  return code ? `${word} (${code.replace(/_/g, " ")})` : word;
}

/** A bag's scan events with who did them; undone events stay listed, marked as undone. */
export function ScanHistoryTable({ scans, limit }: { scans: ScanRow[]; limit: number }) {
  return (
    <section aria-labelledby="scans-heading" className="space-y-2">
      <h2 id="scans-heading" className="text-xl font-semibold">
        Scan history
      </h2>
      {scans.length >= limit && <p className="text-sm text-slate-600">The latest {limit} events, newest first.</p>}
      {scans.length === 0 ? (
        <p className="text-slate-700">No scans recorded for this bag.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="bag-scan-history">
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">When (IST)</th>
                <th scope="col" className="px-3 py-2">Action</th>
                <th scope="col" className="px-3 py-2">QR</th>
                <th scope="col" className="px-3 py-2">Result</th>
                <th scope="col" className="px-3 py-2">User</th>
              </tr>
            </thead>
            <tbody>
              {scans.map((s, i) => (
                <tr key={`${s.at.toISOString()}-${i}`} className="border-t border-slate-100">
                  <td className="px-3 py-2 whitespace-nowrap">{formatIstDateTime(s.at)}</td>
                  <td className="px-3 py-2">{ACTION_LABEL[s.action] ?? s.action}</td>
                  <td className="px-3 py-2 font-mono">{s.qr ?? "—"}</td>
                  <td className="px-3 py-2">
                    {formatResult(s.result)}
                    {s.undone && <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-bold text-sky-900 uppercase">Undone</span>}
                  </td>
                  <td className="px-3 py-2">{s.username ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
