import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatAge, formatBytes, shortChecksum } from "@/lib/backups";
import type { BackupEntry } from "@/lib/dto/backups";
import { formatIstDateTime } from "@/lib/time";

const COLUMNS: Column[] = [
  { label: "File" },
  { label: "Kind" },
  { label: "Engine", show: "md" },
  { label: "Size" },
  { label: "Age" },
  { label: "Duration", show: "sm" },
  { label: "Bags", show: "md" },
  { label: "Bills", show: "md" },
  { label: "SHA-256", show: "lg" },
  { label: "Download" },
];
const CELL = cellClass();

/** The backups of BACKUP_DIR, newest first, each with its download link. */
export function BackupsTable({ entries, now }: { entries: BackupEntry[]; now: number }) {
  return (
    <DataTable columns={COLUMNS}>
      {entries.map((e) => (
        <tr key={e.file} data-testid={`backup-row-${e.file}`} className="border-t border-slate-100 align-top">
          <td className={`${CELL} font-mono text-xs`} title={`Created ${formatIstDateTime(e.createdAt)} IST`}>
            {e.file}
          </td>
          <td className={CELL}>{e.kind}</td>
          <td className={cellClass("md")}>{e.engine === "postgres" ? "PostgreSQL" : "PGlite"}</td>
          <td className={CELL}>{formatBytes(e.sizeBytes)}</td>
          <td className={CELL} title={`${formatIstDateTime(e.createdAt)} IST`}>
            {formatAge(e.createdAt, now)}
          </td>
          <td className={cellClass("sm")}>{(e.durationMs / 1000).toFixed(1)} s</td>
          <td className={cellClass("md")}>{e.rowCounts.bags ?? "—"}</td>
          <td className={cellClass("md")}>{e.rowCounts.bills ?? "—"}</td>
          <td className={cellClass("lg", "font-mono text-xs")} title={e.sha256}>
            {shortChecksum(e.sha256)}
          </td>
          <td className={CELL}>
            {/* A plain link: the route answers with Content-Disposition: attachment. */}
            <a href={`/admin/backups/${encodeURIComponent(e.file)}`} download className="text-brand-700 underline" aria-label={`Download ${e.file}`}>
              Download
            </a>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
