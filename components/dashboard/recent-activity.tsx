import { formatArea } from "@/lib/domain";
import type { ActivityRow } from "@/lib/dto/stats";
import { formatIstTime } from "@/lib/time";

function describe(row: ActivityRow): string {
  if (row.result.startsWith("rejected:")) return `refused (${row.result.slice(9).replace(/_/g, " ")})`;
  if (row.action === "parent") return row.result === "created" ? "new parent" : "parent selected";
  if (row.action === "undo") return "undo";
  return row.result === "duplicate" ? "child re-scanned" : "child packed";
}

/** The newest scan events the viewer may see. */
export function RecentActivity({ rows, showArea }: { rows: ActivityRow[]; showArea: boolean }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No scans yet.</p>;
  return (
    <ol className="divide-y divide-slate-100" data-testid="recent-activity">
      {rows.map((r, i) => (
        <li key={`${r.at}-${i}`} className="flex flex-wrap items-baseline gap-x-3 py-1.5 text-sm">
          <span className="w-12 tabular-nums text-slate-500">{formatIstTime(r.at)}</span>
          <span className="min-w-0 font-mono font-semibold break-all">{r.qr ?? "—"}</span>
          <span className={r.undone ? "text-slate-500 line-through" : r.result.startsWith("rejected:") ? "text-red-700" : ""}>{describe(r)}</span>
          <span className="text-slate-500">
            {r.username ?? "deleted user"}
            {showArea && r.dispatchArea ? ` · ${formatArea(r.dispatchArea)}` : ""}
          </span>
        </li>
      ))}
    </ol>
  );
}
