import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatAge, formatBytes, shortChecksum } from "@/lib/backups";
import type { useTranslations } from "next-intl";
import type { BackupEngine, BackupEntry } from "@/lib/dto/backups";
import { formatCount, formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/preferences";

const CELL = cellClass();

/** The page's translator of `admin.backups` (the table renders wherever the page does). */
export type BackupWords = ReturnType<typeof useTranslations<"admin.backups">>;

/** Product names: the same in every language. */
const ENGINE_NAMES: Record<BackupEngine, string> = { postgres: "PostgreSQL", pglite: "PGlite" };

/** "12.3": one decimal always (Latin digits and a point in both languages, so no locale needed). */
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The backups of BACKUP_DIR, newest first, each with its download link; words from the page's translator. */
export function BackupsTable({ entries, now, t, locale }: { entries: BackupEntry[]; now: number; t: BackupWords; locale: Locale }) {
  const columns: Column[] = [
    { label: t("columns.file") },
    { label: t("columns.kind") },
    { label: t("columns.engine"), show: "md" },
    { label: t("columns.size") },
    { label: t("columns.age") },
    { label: t("columns.duration"), show: "sm" },
    { label: t("columns.bags"), show: "md" },
    { label: t("columns.bills"), show: "md" },
    { label: t("columns.sha256"), show: "lg" },
    { label: t("columns.download") },
  ];
  const rows = (n: number | undefined) => (n === undefined ? "—" : formatCount(n, locale));
  return (
    <DataTable columns={columns}>
      {entries.map((e) => {
        const createdAt = formatDateTime(e.createdAt, locale);
        return (
          <tr key={e.file} data-testid={`backup-row-${e.file}`} className="border-t border-slate-100 align-top">
            <td className={`${CELL} font-mono text-xs`} title={t("createdAt", { time: createdAt })}>
              {e.file}
            </td>
            <td className={CELL}>{t(`kinds.${e.kind}`)}</td>
            <td className={cellClass("md")}>{ENGINE_NAMES[e.engine]}</td>
            <td className={CELL}>{formatBytes(e.sizeBytes)}</td>
            <td className={CELL} title={t("at", { time: createdAt })}>
              {formatAge(e.createdAt, now)}
            </td>
            <td className={cellClass("sm")}>{t("seconds", { seconds: seconds(e.durationMs) })}</td>
            <td className={cellClass("md")}>{rows(e.rowCounts.bags)}</td>
            <td className={cellClass("md")}>{rows(e.rowCounts.bills)}</td>
            <td className={cellClass("lg", "font-mono text-xs")} title={e.sha256}>
              {shortChecksum(e.sha256)}
            </td>
            <td className={CELL}>
              {/* A plain link: the route answers with Content-Disposition: attachment. */}
              <a href={`/admin/backups/${encodeURIComponent(e.file)}`} download className="text-brand-700 underline" aria-label={t("downloadLabel", { file: e.file })}>
                {t("download")}
              </a>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
