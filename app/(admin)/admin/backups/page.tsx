import { getTranslations } from "next-intl/server";
import { BackupNowButton } from "@/components/admin/backups-now-button";
import { BackupsTable } from "@/components/admin/backups-table";
import { PageHeader } from "@/components/ui/page-header";
import { formatAge } from "@/lib/backups";
import { formatCount, formatDateTime } from "@/lib/format";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageRole } from "@/lib/server/auth/guards";
import { listBackups } from "@/lib/server/backups/service";

export async function generateMetadata() {
  const t = await getTranslations("admin.backups");
  return { title: t("metaTitle") };
}

const RESTORE_COMMAND = "npm run restore -- <file> --into <database>";

export default async function AdminBackupsPage() {
  await requirePageRole("admin");
  const { entries, status, dir, hourlyKeep, dailyKeep, engine, now } = await listBackups();
  const { locale, t } = await readerTranslator("admin.backups");
  const count = (n: number) => formatCount(n, locale);
  const failure = status.lastFailure;
  return (
    <section className="space-y-4">
      <PageHeader
        title={t("title")}
        back={{ href: "/admin", label: t("back") }}
        subtitle={`${t(`engines.${engine}`)} · ${dir}`}
        actions={<BackupNowButton running={status.running} labels={{ idle: t("now"), pending: t("backingUp"), running: t("running") }} />}
      />
      <p className="text-sm text-slate-600" data-testid="backup-schedule">
        {status.scheduled
          ? t("scheduled", { minutes: count(status.intervalMinutes), hourly: count(hourlyKeep), daily: count(dailyKeep) })
          : t("unscheduled")}{" "}
        {status.lastGoodAt ? t("lastGood", { age: formatAge(status.lastGoodAt, now) }) : t("noneYet")}
      </p>
      {failure && (
        <p role="alert" data-testid="backup-last-failure" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {t("lastFailure", {
            kind: t(`kinds.${failure.kind}`),
            time: formatDateTime(failure.at, locale),
            attempts: failure.attempts,
            n: count(failure.attempts),
            error: failure.error,
          })}
        </p>
      )}
      <BackupsTable entries={entries} now={now} t={t} locale={locale} />
      {entries.length === 0 && <p className="text-slate-600">{t("empty", { dir })}</p>}
      <p className="text-xs text-slate-500">{t.rich("restore", { code: (chunks) => <code>{chunks}</code>, command: RESTORE_COMMAND })}</p>
    </section>
  );
}
