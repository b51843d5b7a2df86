import type { Metadata } from "next";
import { BackupNowButton } from "@/components/admin/backups-now-button";
import { BackupsTable } from "@/components/admin/backups-table";
import { PageHeader } from "@/components/ui/page-header";
import { formatAge } from "@/lib/backups";
import { requirePageRole } from "@/lib/server/auth/guards";
import { listBackups } from "@/lib/server/backups/service";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Backups" };

export default async function AdminBackupsPage() {
  await requirePageRole("admin");
  const { entries, status, dir, hourlyKeep, dailyKeep, engine, now } = await listBackups();
  return (
    <section className="space-y-4">
      <PageHeader
        title="Backups"
        back={{ href: "/admin", label: "Admin" }}
        subtitle={`${engine === "postgres" ? "PostgreSQL (pg_dump)" : "Embedded PGlite (data-directory dump)"} · ${dir}`}
        actions={<BackupNowButton running={status.running} />}
      />
      <p className="text-sm text-slate-600" data-testid="backup-schedule">
        {status.scheduled
          ? `Scheduled: every ${status.intervalMinutes} min (keeps ${hourlyKeep} hourly and ${dailyKeep} daily; manual backups are kept until deleted by hand).`
          : "Scheduled backups off (BACKUP_SCHEDULE). Manual backups only."}{" "}
        {status.lastGoodAt ? `Last good backup ${formatAge(status.lastGoodAt, now)} ago.` : "No backup yet."}
      </p>
      {status.lastFailure && (
        <p role="alert" data-testid="backup-last-failure" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          Last failure ({status.lastFailure.kind}, {formatIstDateTime(status.lastFailure.at)} IST, {status.lastFailure.attempts} attempt
          {status.lastFailure.attempts === 1 ? "" : "s"}): {status.lastFailure.error}
        </p>
      )}
      <BackupsTable entries={entries} now={now} />
      {entries.length === 0 && <p className="text-slate-600">No backups in {dir} yet.</p>}
      <p className="text-xs text-slate-500">
        Restore with <code>npm run restore -- &lt;file&gt; --into &lt;database&gt;</code> (README, “Backups and restore”). Downloads are audited.
      </p>
    </section>
  );
}
